namespace Messenger.LoadTest.Measurement;

/// <summary>
/// Latencies in 10 µs buckets up to 2 s (beyond that they land in the last bucket), recorded lock-free from every
/// receive loop; percentiles read the cumulative counts, so memory does not grow with the run.
/// </summary>
public sealed class LatencyHistogram
{
    public const int BucketMicros = 10;
    private const int Buckets = 200_000;
    private readonly long[] _counts = new long[Buckets];
    private long _total;

    public long Count => Interlocked.Read(ref _total);

    public void Record(long micros)
    {
        var bucket = (int)Math.Clamp(micros / BucketMicros, 0, Buckets - 1);
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Increment(ref _total);
    }

    /// <summary>
    /// The smallest latency (upper edge of its bucket, in ms) that at least <paramref name="quantile"/> of the
    /// samples do not exceed (the nearest-rank definition); NaN with no samples.
    /// </summary>
    public double PercentileMs(double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        var total = Count;
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long seen = 0;
        for (var i = 0; i < Buckets; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return (i + 1) * BucketMicros / 1000.0;
            }
        }

        return Buckets * BucketMicros / 1000.0;
    }
}
