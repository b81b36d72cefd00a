using System.Diagnostics;

namespace Messenger.LoadTest.Chat;

/// <summary>Send→deliver latencies in microseconds, recorded from many threads into one preallocated array.</summary>
public sealed class LatencyRecorder(int capacity)
{
    private readonly long[] _samples = new long[capacity];
    private long _count;
    private long _dropped;

    public volatile bool Recording;

    public long Count => Math.Min(Interlocked.Read(ref _count), _samples.Length);

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Record(long sentTimestamp)
    {
        if (!Recording)
        {
            return;
        }

        var micros = (long)Stopwatch.GetElapsedTime(sentTimestamp).TotalMicroseconds;
        var slot = Interlocked.Increment(ref _count) - 1;
        if (slot < _samples.Length)
        {
            _samples[slot] = micros;
        }
        else
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    public (double P50, double P99, double Max) PercentilesMs()
    {
        var sorted = _samples.AsSpan(0, (int)Count).ToArray();
        Array.Sort(sorted);
        if (sorted.Length == 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))] / 1000.0;
        return (At(0.50), At(0.99), sorted[^1] / 1000.0);
    }
}
