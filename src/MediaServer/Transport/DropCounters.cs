namespace Messenger.MediaServer.Transport;

/// <summary>
/// Lock-free counters per <see cref="DropReason"/>, shared by the transport and the sessions it feeds.
/// </summary>
public sealed class DropCounters
{
    private static readonly int ReasonCount = Enum.GetValues<DropReason>().Length;

    private readonly long[] _counts = new long[ReasonCount];

    public void Increment(DropReason reason)
    {
        uint index = (uint)reason;
        if (index < (uint)_counts.Length)
        {
            Interlocked.Increment(ref _counts[index]);
        }
    }

    public long Get(DropReason reason)
    {
        uint index = (uint)reason;
        return index < (uint)_counts.Length ? Interlocked.Read(ref _counts[index]) : 0;
    }

    /// <summary>A copy for stats; allocates, so call it from the stats path only.</summary>
    public DropCountersSnapshot Snapshot()
    {
        var copy = new long[_counts.Length];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = Interlocked.Read(ref _counts[i]);
        }

        return new DropCountersSnapshot(copy);
    }
}

/// <summary>Counter values at one moment.</summary>
public sealed class DropCountersSnapshot
{
    private readonly long[] _counts;

    internal DropCountersSnapshot(long[] counts) => _counts = counts;

    public long this[DropReason reason] => (uint)reason < (uint)_counts.Length ? _counts[(int)reason] : 0;

    public long Total
    {
        get
        {
            long total = 0;
            foreach (long count in _counts)
            {
                total += count;
            }

            return total;
        }
    }
}
