using Messenger.LoadTest.Measurement;

namespace Messenger.LoadTest.Peers;

/// <summary>What every receive loop records into; only packets that arrive while <see cref="Recording"/> count.</summary>
public sealed class MeasurementWindow
{
    public MeasurementWindow(long runStart) => RunStart = runStart;

    public long RunStart { get; }

    public volatile bool Recording;

    public LatencyHistogram Latency { get; } = new();
}
