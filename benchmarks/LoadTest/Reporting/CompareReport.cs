using System.Globalization;
using System.Text;
using System.Text.Json;
using Messenger.LoadTest.Measurement;
using Messenger.LoadTest.Scenarios;

namespace Messenger.LoadTest.Reporting;

/// <summary>A run's results with the machine floor measured in the same run, as JSON and as a markdown table.</summary>
public sealed record CompareReport(DateTimeOffset StartedAt, string Machine, double WindowSeconds, MachineFloor Floor, IReadOnlyList<ScenarioResult> Results)
{
    public const string BeginMarker = "<!-- sfu-vs-janus:begin -->";
    public const string EndMarker = "<!-- sfu-vs-janus:end -->";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public string ToMarkdown()
    {
        static string F(double value, string format) => double.IsNaN(value) ? "–" : value.ToString(format, CultureInfo.InvariantCulture);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Run {StartedAt:yyyy-MM-dd HH:mm} UTC on {Machine}, {WindowSeconds:0} s measured per scenario. Machine floor: AES-128-GCM seal of {Floor.PacketBytes} B {Floor.SealMicros:0.00} µs + loopback UDP send {Floor.SendMicros:0.00} µs = **{Floor.FloorMicros:0.00} µs** per packet ({F(Floor.CpuSecondsPer1000, "0.0000")} CPU-s per 1,000).");
        md.AppendLine();
        md.AppendLine("| scenario | server | subscriptions up | forwarded pkt/s | server CPU (cores) | CPU-s / 1k pkts | × floor | × Janus | loss % | jitter ms | latency p50 / p99 ms | RSS MiB |");
        md.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in Results)
        {
            var janus = Results.FirstOrDefault(x => x.Scenario == r.Scenario && x.Server == "janus");
            var vsJanus = r.Server == "janus" || janus is null ? "" : F(r.CpuSecondsPer1000Packets / janus.CpuSecondsPer1000Packets, "0.00");
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {r.Server} | {r.ConnectedSubscriptions}/{r.Subscriptions} | {F(r.ForwardedPerSecond, "N0")} | {F(r.CpuCoresUsed, "0.00")} | {F(r.CpuSecondsPer1000Packets, "0.0000")} | {F(r.CpuSecondsPer1000Packets / Floor.CpuSecondsPer1000, "0.0")} | {vsJanus} | {F(r.LossPercent, "0.00")} | {F(r.JitterMs, "0.00")} | {F(r.LatencyP50Ms, "0.00")} / {F(r.LatencyP99Ms, "0.00")} | {F(r.ServerRssMiB, "0")} |");
        }

        foreach (var r in Results.Where(r => r.Error is not null))
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"- {r.Server} {r.Scenario}: {r.Error}");
        }

        return md.ToString();
    }

    /// <summary>Replaces the text between the markers in <paramref name="document"/>, or appends markers and table.</summary>
    public static string ReplaceBetweenMarkers(string document, string table)
    {
        var begin = document.IndexOf(BeginMarker, StringComparison.Ordinal);
        var end = document.IndexOf(EndMarker, StringComparison.Ordinal);
        var block = $"{BeginMarker}\n{table.TrimEnd()}\n{EndMarker}";
        return begin >= 0 && end > begin
            ? string.Concat(document.AsSpan(0, begin), block, document.AsSpan(end + EndMarker.Length))
            : document.TrimEnd() + "\n\n" + block + "\n";
    }
}
