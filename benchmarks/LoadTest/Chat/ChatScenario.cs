using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Messenger.ChatCore.Messages;
using Messenger.LoadTest.Measurement;
using Microsoft.AspNetCore.SignalR.Client;

namespace Messenger.LoadTest.Chat;

/// <summary>
/// The chat load scenario (issue #5): N hub clients spread over groups, sending at a set total rate; reports
/// deliveries per second, send→deliver latency p50/p99, and CPU and memory of the server and of the load tool apart
/// when the server runs as its own process (<see cref="ChatServer"/>).
///   dotnet run -c Release --project benchmarks/LoadTest -- chat --server process --clients 2000 --groups 100 --rate 1000
/// </summary>
public static class ChatScenario
{
    public static async Task RunAsync(LoadOptions options)
    {
        var setup = Stopwatch.StartNew();
        await using var server = await ChatServer.StartAsync(options);
        Console.WriteLine($"host {server.BaseUri} ({(server.ProcessId is { } pid ? $"process {pid}" : "in process")}); {options}");
        Console.WriteLine($"set-up of {options.Clients} users and {options.Groups} groups: {setup.Elapsed.TotalSeconds:0.0} s");

        // Connect every client; each timestamps deliveries of new messages against the send time carried in the text.
        var latencies = new LatencyRecorder(capacity: 50_000_000);
        long deliveries = 0;
        var connections = new HubConnection[options.Clients];
        setup.Restart();
        await Parallel.ForAsync(0, options.Clients, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var token = server.Seed.Tokens[i];
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(server.BaseUri, "/hub"), o =>
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                    // WebSockets straight away: a negotiate request would leave each client a pooled HTTP connection
                    // besides its WebSocket, twice the file descriptors at 10,000 clients on both sides.
                    o.SkipNegotiation = true;
                    o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                })
                .Build();
            connection.ServerTimeout = TimeSpan.FromMinutes(2);
            connection.On<JsonElement>("Update", update =>
            {
                if (update.GetProperty("kind").ValueEquals("message.new")
                    && long.TryParse(update.GetProperty("data").GetProperty("text").GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var sent))
                {
                    if (latencies.Recording)
                    {
                        Interlocked.Increment(ref deliveries);
                    }

                    latencies.Record(sent);
                }
            });
            await connection.StartAsync(ct);
            connections[i] = connection;
        });
        Console.WriteLine($"connected {options.Clients} clients: {setup.Elapsed.TotalSeconds:0.0} s");

        // Send at the set total rate, in 10 ms ticks, from random clients; each text is the send timestamp.
        long sent = 0, failed = 0;
        var random = new Random(42);
        using var stop = new CancellationTokenSource();
        var pending = new List<Task>();
        var sender = Task.Run(async () =>
        {
            // What is due follows the clock, not the tick count, so late ticks under load don't lower the rate.
            var started = Stopwatch.GetTimestamp();
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            while (await timer.WaitForNextTickAsync(CancellationToken.None) && !stop.IsCancellationRequested)
            {
                var due = (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * options.SendsPerSecond) - Interlocked.Read(ref sent);
                for (; due > 0; due--)
                {
                    var i = random.Next(options.Clients);
                    var text = Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture);
                    var task = connections[i].InvokeAsync<SendOutcome>("Send",
                        new SendMessage(server.Seed.GroupOf[i], null, Guid.NewGuid().ToString("N"), text, null));
                    Interlocked.Increment(ref sent);
                    pending.Add(task.ContinueWith(t => { if (!t.IsCompletedSuccessfully) Interlocked.Increment(ref failed); }, TaskScheduler.Default));
                }

                pending.RemoveAll(t => t.IsCompleted);
            }
        });

        await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds));
        var tool = Process.GetCurrentProcess();
        var toolCpuBefore = tool.TotalProcessorTime;
        var serverBefore = server.Sample();
        var sentBefore = Interlocked.Read(ref sent);
        latencies.Recording = true;
        var measured = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
        latencies.Recording = false;
        var elapsed = measured.Elapsed.TotalSeconds;
        var sentDuring = Interlocked.Read(ref sent) - sentBefore;
        var serverAfter = server.Sample();
        tool.Refresh();
        var toolCpu = (tool.TotalProcessorTime - toolCpuBefore).TotalSeconds;
        var toolRss = tool.WorkingSet64;
        var toolHeap = GC.GetGCMemoryInfo().HeapSizeBytes;
        stop.Cancel();
        await sender;

        var (p50, p99, max) = latencies.PercentilesMs();
        var delivered = Interlocked.Read(ref deliveries);
        Console.WriteLine();
        Console.WriteLine(Row(options, sentDuring / elapsed, delivered / elapsed, p50, p99, max, Interlocked.Read(ref failed),
            serverBefore is { } b && serverAfter is { } a
                ? new ServerFigures((a.CpuSeconds - b.CpuSeconds) / elapsed, a.RssBytes, (a.CpuSeconds - b.CpuSeconds) / Math.Max(1, delivered) * 1e6)
                : null,
            toolCpu / elapsed, toolRss, toolHeap));

        await Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (c, _) => await c.DisposeAsync());
    }

    /// <summary>The server's CPU in cores over the window, its RSS at the end, and its CPU µs per delivery.</summary>
    public sealed record ServerFigures(double Cores, long RssBytes, double MicrosPerDelivery);

    public const string Header =
        "| server | clients | groups | members/group | target sends/s | sends/s | deliveries/s | p50 ms | p99 ms | max ms | failed | server CPU (cores) | server RSS | server CPU µs/delivery | load tool CPU (cores) | load tool RSS | load tool heap |\n" +
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |";

    public static string Row(
        LoadOptions options, double sendsPerSecond, double deliveriesPerSecond, double p50, double p99, double max, long failed,
        ServerFigures? server, double toolCores, long toolRss, long toolHeap)
    {
        var fanOut = (double)options.Clients / options.Groups;
        var serverCells = server is null
            ? "(in the load tool) | | "
            : string.Create(CultureInfo.InvariantCulture, $"{server.Cores:0.00} | {server.RssBytes / 1048576} MiB | {server.MicrosPerDelivery:0}");
        return Header + "\n" + string.Create(CultureInfo.InvariantCulture,
            $"| {(options.SeparateProcess ? "process" : "in process")} | {options.Clients} | {options.Groups} | {fanOut:0} | {options.SendsPerSecond} | {sendsPerSecond:0} | {deliveriesPerSecond:0} | {p50:0.0} | {p99:0.0} | {max:0.0} | {failed} | {serverCells} | {toolCores:0.00} | {toolRss / 1048576} MiB | {toolHeap / 1048576} MiB |");
    }
}
