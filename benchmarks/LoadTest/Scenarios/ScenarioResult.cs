namespace Messenger.LoadTest.Scenarios;

/// <summary>What one scenario against one server measured in its window.</summary>
public sealed record ScenarioResult(
    string Server,
    string Scenario,
    string Description,
    int Publishers,
    int Subscriptions,
    int ConnectedSubscriptions,
    double WindowSeconds,
    long PacketsSent,
    long ForwardedPackets,
    double ForwardedPerSecond,
    double ServerCpuSeconds,
    double CpuSecondsPer1000Packets,
    double CpuCoresUsed,
    double LossPercent,
    double JitterMs,
    double LatencyP50Ms,
    double LatencyP99Ms,
    double ServerRssMiB,
    string? Error);
