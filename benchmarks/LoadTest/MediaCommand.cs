using System.Net;
using Messenger.LoadTest.Measurement;
using Messenger.LoadTest.Media;
using Messenger.LoadTest.Reporting;
using Messenger.LoadTest.Scenarios;
using Messenger.LoadTest.Signalling;
using Spectre.Console;

namespace Messenger.LoadTest;

/// <summary>Runs the chosen scenarios against the chosen servers, measures the floor, and writes the report.</summary>
internal sealed record MediaCommand(
    MediaCommand.Targets Servers, TimeSpan Duration, TimeSpan Warmup, string Scenarios, int[] Subscribers, int Meeting, int Speakers,
    int Listeners, int VideoKbps, bool Simulcast, IPAddress? Address, string? JsonPath, string? MarkdownPath, string? MediaNodeDll)
{
    [Flags]
    public enum Targets
    {
        Sfu = 1,
        Janus = 2,
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var root = RepoPaths.Root;
        var work = Path.Combine(Path.GetTempPath(), "messenger-bench");
        var address = Address ?? IPAddress.Loopback;
        if (Servers.HasFlag(Targets.Janus) && IPAddress.IsLoopback(address))
        {
            // Janus gathers no candidates on loopback; benchmarks/run-compare.sh makes a namespace-only veth address.
            AnsiConsole.MarkupLine("[red]Janus ignores loopback interfaces: pass --address with the veth address (benchmarks/run-compare.sh does).[/]");
            return 2;
        }

        var library = await MediaLibrary.LoadAsync(Path.Combine(work, "media"), VideoKbps, Simulcast, cancellationToken);
        AnsiConsole.MarkupLineInterpolated(
            $"clips: VP8 {library.Video.PayloadBitsPerSecond / 1000:0} kbps ({library.Video.Packets.Count} packets / {library.Video.DurationMicros / 1e6:0} s), Opus {library.Audio.PayloadBitsPerSecond / 1000:0} kbps; peers on {address}");
        if (library.SimulcastVideo is { } layers)
        {
            AnsiConsole.MarkupLineInterpolated($"simulcast: {string.Join(" + ", layers.Select(l => $"{l.PayloadBitsPerSecond / 1000:0}"))} kbps (rids l, m, h)");
        }

        var floor = MachineFloor.Measure();
        AnsiConsole.MarkupLineInterpolated($"floor: seal {floor.SealMicros:0.00} µs + send {floor.SendMicros:0.00} µs = {floor.FloorMicros:0.00} µs per 1,200-byte packet");

        var wanted = Scenarios == "all" ? null : Scenarios.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var specs = ScenarioSpec.Standard(Subscribers, Meeting, Speakers, Listeners).Where(s => wanted is null || wanted.Contains(s.Name))
            .Select(s => Simulcast && s.Video ? s with { Name = s.Name + "-sim", Description = s.Description + ", VP8 simulcast l/m/h" } : s)
            .ToList();
        var runner = new ScenarioRunner(library, address, Warmup, Duration);
        var results = new List<ScenarioResult>();
        var nodeDll = MediaNodeDll ?? Path.Combine(root, "src/MediaNode/bin/Release/net10.0/Messenger.MediaNode.dll");
        foreach (var spec in specs)
        {
            if (Servers.HasFlag(Targets.Sfu))
            {
                results.Add(await runner.RunAsync(new SfuTarget(address, nodeDll, Path.Combine(work, "sfu")), spec, cancellationToken));
            }

            if (Servers.HasFlag(Targets.Janus))
            {
                results.Add(await runner.RunAsync(new JanusTarget(Path.Combine(root, "benchmarks/janus"), Path.Combine(work, "janus")), spec, cancellationToken));
            }
        }

        var report = new CompareReport(started, $"{Environment.ProcessorCount} cores", Duration.TotalSeconds, floor, results);
        var markdown = report.ToMarkdown();
        // Plain output: the table must not be wrapped to the terminal's width.
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (JsonPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(JsonPath))!);
            await File.WriteAllTextAsync(JsonPath, report.ToJson(), cancellationToken);
        }

        if (MarkdownPath is not null)
        {
            var document = File.Exists(MarkdownPath) ? await File.ReadAllTextAsync(MarkdownPath, cancellationToken) : "";
            await File.WriteAllTextAsync(MarkdownPath, CompareReport.ReplaceBetweenMarkers(document, markdown), cancellationToken);
        }

        return results.Any(r => r.ForwardedPackets == 0) ? 1 : 0;
    }
}
