using Messenger.MediaServer.Rtp;

namespace Messenger.MediaServer.Interceptors;

/// <summary>What <see cref="NackGenerator.OnPacket"/> saw.</summary>
public enum NackPacketStatus : byte
{
    First,
    InOrder,

    /// <summary>Newer than highest + 1: the packets in between are now missing.</summary>
    Gap,

    /// <summary>A missing packet arrived (reordered or retransmitted).</summary>
    Recovered,

    /// <summary>Older than the highest and not missing: a duplicate or one already given up.</summary>
    Late,

    /// <summary>The gap was too large to NACK; the missing set was cleared and a keyframe is wanted.</summary>
    GapTooLarge,
}

/// <summary>
/// Detects upstream loss on one incoming stream (from a publisher) and decides which sequence numbers to NACK
/// (RFC 4585 §6.2.1) and when, like libwebrtc's NackRequester: each missing packet is asked for again every
/// <see cref="RetryInterval"/> until it arrives, it was asked <see cref="MaxRetries"/> times, or it is older than
/// <see cref="MaxAge"/> (then it is no use to a real-time decoder). A gap larger than <see cref="MaxGap"/> is not
/// NACKed at all: a keyframe request recovers faster than hundreds of retransmissions.
/// Missing packets live in a fixed ring keyed by unwrapped sequence number; nothing allocates after construction.
/// Not thread-safe: the stream's receive path owns it (call <see cref="CollectNacks"/> from the same loop).
/// </summary>
public sealed class NackGenerator
{
    /// <summary>A power of two: ring index = unwrapped seq modulo capacity.</summary>
    public const int Capacity = 1024;

    private readonly TimeProvider _timeProvider;
    private readonly Entry[] _entries = new Entry[Capacity];
    private SeqUnwrapper _unwrapper;
    private bool _started;
    private long _highest;
    private long _oldestMissing = long.MaxValue;
    private int _missingCount;
    private bool _keyframeWanted;

    public NackGenerator(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    public int MaxRetries { get; set; } = 10;

    public TimeSpan MaxAge { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest gap still NACKed; must stay below <see cref="Capacity"/>.</summary>
    public int MaxGap { get; set; } = 256;

    public int MissingCount => _missingCount;

    /// <summary>Packets dropped from the missing set without arriving (retries or age exhausted, or overflow).</summary>
    public long GivenUpCount { get; private set; }

    public NackPacketStatus OnPacket(ushort sequenceNumber)
    {
        var ext = _unwrapper.Unwrap(sequenceNumber);
        if (!_started)
        {
            _started = true;
            _highest = ext;
            return NackPacketStatus.First;
        }

        if (ext <= _highest)
        {
            ref var entry = ref _entries[Index(ext)];
            if (entry.Missing && entry.Ext == ext)
            {
                entry.Missing = false;
                _missingCount--;
                return NackPacketStatus.Recovered;
            }

            return NackPacketStatus.Late;
        }

        var gap = ext - _highest - 1;
        var previous = _highest;
        _highest = ext;
        if (gap == 0)
        {
            return NackPacketStatus.InOrder;
        }

        if (gap > MaxGap || gap >= Capacity)
        {
            GivenUpCount += gap + _missingCount;
            ClearMissing();
            _keyframeWanted = true;
            return NackPacketStatus.GapTooLarge;
        }

        var now = _timeProvider.GetTimestamp();
        for (var missing = previous + 1; missing < ext; missing++)
        {
            ref var entry = ref _entries[Index(missing)];
            if (entry.Missing)
            {
                // The ring wrapped over a packet still missing after Capacity newer ones: it is hopeless.
                GivenUpCount++;
                _missingCount--;
            }

            entry = new Entry { Ext = missing, Missing = true, FirstMissedTicks = now };
            _missingCount++;
        }

        _oldestMissing = Math.Min(_oldestMissing, previous + 1);
        return NackPacketStatus.Gap;
    }

    /// <summary>
    /// Writes the sequence numbers due for a NACK now, ascending in wrapping order as
    /// <see cref="Rtcp.GenericNack.TryWrite"/> expects, and counts the attempt; drops entries that ran out of
    /// retries or age. Call periodically (e.g. every 20 ms). Returns how many were written.
    /// </summary>
    public int CollectNacks(Span<ushort> destination)
    {
        if (_missingCount == 0)
        {
            _oldestMissing = long.MaxValue;
            return 0;
        }

        var now = _timeProvider.GetTimestamp();
        var retryTicks = (long)(RetryInterval.TotalSeconds * _timeProvider.TimestampFrequency);
        var maxAgeTicks = (long)(MaxAge.TotalSeconds * _timeProvider.TimestampFrequency);
        var written = 0;
        var newOldest = long.MaxValue;
        var start = Math.Max(_oldestMissing, _highest - Capacity + 1);
        for (var ext = start; ext < _highest; ext++)
        {
            ref var entry = ref _entries[Index(ext)];
            if (!entry.Missing || entry.Ext != ext)
            {
                continue;
            }

            if (entry.Retries >= MaxRetries || now - entry.FirstMissedTicks > maxAgeTicks)
            {
                entry.Missing = false;
                _missingCount--;
                GivenUpCount++;
                continue;
            }

            newOldest = Math.Min(newOldest, ext);
            var due = entry.Retries == 0 || now - entry.LastNackTicks >= retryTicks;
            if (due && written < destination.Length)
            {
                entry.Retries++;
                entry.LastNackTicks = now;
                destination[written++] = (ushort)ext;
            }
        }

        _oldestMissing = newOldest;
        return written;
    }

    /// <summary>True once after a gap too large to NACK; the caller sends a (throttled) PLI.</summary>
    public bool ConsumeKeyframeRequest()
    {
        var wanted = _keyframeWanted;
        _keyframeWanted = false;
        return wanted;
    }

    private void ClearMissing()
    {
        if (_missingCount > 0)
        {
            Array.Clear(_entries);
        }

        _missingCount = 0;
        _oldestMissing = long.MaxValue;
    }

    private static int Index(long ext) => (int)(ext & (Capacity - 1));

    private struct Entry
    {
        public long Ext;
        public long FirstMissedTicks;
        public long LastNackTicks;
        public int Retries;
        public bool Missing;
    }
}
