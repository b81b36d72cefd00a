using System.Diagnostics;
using System.Net;
using Messenger.LoadTest.Measurement;
using Messenger.LoadTest.Media;
using Messenger.LoadTest.Peers;
using Messenger.LoadTest.Signalling;
using Messenger.MediaServer.Client;
using Spectre.Console;

namespace Messenger.LoadTest.Scenarios;

/// <summary>Runs one scenario against one server: connect, warm up, measure a window, tear down.</summary>
public sealed class ScenarioRunner(MediaLibrary media, IPAddress address, TimeSpan warmup, TimeSpan duration)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    public async Task<ScenarioResult> RunAsync(IMediaTarget target, ScenarioSpec spec, CancellationToken cancellationToken)
    {
        var publishers = new List<Publisher>();
        var subscribers = new List<(ClientPeer Peer, SubscriberStats Stats)>();
        var window = new MeasurementWindow(Stopwatch.GetTimestamp());
        using var stopPacing = new CancellationTokenSource();
        Thread? pacerThread = null;
        try
        {
            await target.StartAsync(cancellationToken);
            var feeds = new List<string>();
            for (var i = 0; i < spec.Publishers; i++)
            {
                var peer = new ClientPeer(null, address);
                var tracks = new List<PublishedTrack> { new(media.Audio, (uint)Random.Shared.Next(), "0") };
                if (spec.Video && media.SimulcastVideo is { } layers)
                {
                    for (var layer = 0; layer < layers.Count; layer++)
                    {
                        tracks.Add(new PublishedTrack(layers[layer], (uint)Random.Shared.Next(), "1", MediaLibrary.SimulcastLayers[layer].Rid));
                    }
                }
                else if (spec.Video)
                {
                    tracks.Add(new PublishedTrack(media.Video, (uint)Random.Shared.Next(), "1"));
                }

                // Staggered starts, so publishers' keyframes do not all land in the same millisecond.
                publishers.Add(new Publisher(peer, tracks, i * 37_000L));
                feeds.Add(await target.PublishAsync(peer, tracks, cancellationToken));
                await peer.ConnectAsync(ConnectTimeout, cancellationToken);
            }

            var pacer = new Pacer(publishers);
            pacerThread = new Thread(() => pacer.Run(stopPacing.Token)) { IsBackground = true, Name = "pacer", Priority = ThreadPriority.AboveNormal };
            pacerThread.Start();

            var failures = 0;
            string? firstFailure = null;
            await Parallel.ForEachAsync(spec.Subscriptions, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (s, ct) =>
            {
                // The clock rates are filled in from the answer before any media can arrive (the peer is not connected yet).
                var rates = new Dictionary<byte, int>();
                var stats = new SubscriberStats(window, rates);
                var peer = new ClientPeer(stats, address);
                try
                {
                    foreach (var (pt, rate) in await target.SubscribeAsync(peer, feeds[s.Publisher], spec.Video, ct))
                    {
                        rates[pt] = rate;
                    }

                    await peer.ConnectAsync(ConnectTimeout, ct);
                    lock (subscribers)
                    {
                        subscribers.Add((peer, stats));
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, e.Message, null);
                    await peer.DisposeAsync();
                }
            });

            await Task.Delay(warmup, cancellationToken);
            var sentBefore = publishers.Sum(p => p.Tracks.Sum(t => t.PacketsSent));
            var before = ProcessSample.Read(target.ServerProcessId);
            var clock = Stopwatch.StartNew();
            window.Recording = true;
            await ShowProgressAsync(target, spec, subscribers, window, before, clock, cancellationToken);
            window.Recording = false;
            var elapsed = clock.Elapsed.TotalSeconds;
            var after = ProcessSample.Read(target.ServerProcessId);
            var sent = publishers.Sum(p => p.Tracks.Sum(t => t.PacketsSent)) - sentBefore;

            var streams = subscribers.SelectMany(s => s.Stats.Streams).ToList();
            var forwarded = streams.Sum(s => s.Received);
            var expected = streams.Sum(s => s.Expected);
            var cpu = after.CpuSeconds - before.CpuSeconds;
            return new ScenarioResult(target.Name, spec.Name, spec.Description, spec.Publishers, spec.Subscriptions.Count, subscribers.Count,
                elapsed, sent, forwarded, forwarded / elapsed, cpu, forwarded == 0 ? double.NaN : cpu / (forwarded / 1000.0), cpu / elapsed,
                expected == 0 ? double.NaN : 100.0 * Math.Max(0, expected - forwarded) / expected,
                streams.Count == 0 ? double.NaN : streams.Average(s => s.JitterSeconds) * 1000,
                window.Latency.PercentileMs(0.50), window.Latency.PercentileMs(0.99), after.RssBytes / 1048576.0,
                failures == 0 ? null : $"{failures} subscriptions failed: {firstFailure}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{target.Name} {spec.Name}: {e.Message}[/]");
            return new ScenarioResult(target.Name, spec.Name, spec.Description, spec.Publishers, spec.Subscriptions.Count, subscribers.Count,
                0, 0, 0, 0, 0, double.NaN, 0, double.NaN, double.NaN, double.NaN, double.NaN, 0, e.Message);
        }
        finally
        {
            await stopPacing.CancelAsync();
            pacerThread?.Join();
            await Task.WhenAll(subscribers.Select(s => s.Peer.DisposeAsync().AsTask()).Concat(publishers.Select(p => p.Peer.DisposeAsync().AsTask())));
            await target.DisposeAsync();
        }
    }

    private async Task ShowProgressAsync(IMediaTarget target, ScenarioSpec spec, List<(ClientPeer Peer, SubscriberStats Stats)> subscribers,
        MeasurementWindow window, ProcessSample before, Stopwatch clock, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumns("server", "scenario", "elapsed", "forwarded pkts", "server CPU", "RSS", "latency p50");
        table.AddRow("", "", "", "", "", "", "");
        await AnsiConsole.Live(table).StartAsync(async context =>
        {
            while (clock.Elapsed < duration)
            {
                await Task.Delay(TimeSpan.FromSeconds(1) < duration - clock.Elapsed ? TimeSpan.FromSeconds(1) : duration - clock.Elapsed, cancellationToken);
                var now = ProcessSample.Read(target.ServerProcessId);
                var forwarded = subscribers.Sum(s => s.Stats.Streams.Sum(x => x.Received));
                table.UpdateCell(0, 0, target.Name).UpdateCell(0, 1, spec.Name)
                    .UpdateCell(0, 2, $"{clock.Elapsed.TotalSeconds:0}/{duration.TotalSeconds:0} s")
                    .UpdateCell(0, 3, $"{forwarded:N0}")
                    .UpdateCell(0, 4, $"{(now.CpuSeconds - before.CpuSeconds) / clock.Elapsed.TotalSeconds * 100:0}% of a core")
                    .UpdateCell(0, 5, $"{now.RssBytes / 1048576.0:0} MiB")
                    .UpdateCell(0, 6, $"{window.Latency.PercentileMs(0.5):0.00} ms");
                context.Refresh();
            }
        });
    }
}
