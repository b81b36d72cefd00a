using System.Buffers.Binary;

namespace Messenger.MediaServer.Rtcp;

/// <summary>
/// Generic NACK (PT=205, FMT=1, RFC 4585 §6.2.1). Each FCI entry is PID (a lost sequence number) and
/// BLP, a bitmask where bit i set means PID + i + 1 is lost too.
/// </summary>
public readonly ref struct GenericNack
{
    private const int PairSize = 4;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly ReadOnlySpan<byte> _fci;

    private GenericNack(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> fci)
    {
        _packet = packet;
        _fci = fci;
    }

    public uint SenderSsrc => FeedbackHeader.ReadSenderSsrc(_packet);

    public uint MediaSsrc => FeedbackHeader.ReadMediaSsrc(_packet);

    public int PairCount => _fci.Length / PairSize;

    public ushort GetPacketId(int index) => BinaryPrimitives.ReadUInt16BigEndian(_fci.Slice(index * PairSize));

    public ushort GetBitmask(int index) => BinaryPrimitives.ReadUInt16BigEndian(_fci.Slice((index * PairSize) + 2));

    /// <summary>Total sequence numbers requested, duplicates across pairs included.</summary>
    public int LostCount
    {
        get
        {
            var count = 0;
            for (var i = 0; i < PairCount; i++)
            {
                count += 1 + System.Numerics.BitOperations.PopCount(GetBitmask(i));
            }

            return count;
        }
    }

    public static RtcpParseResult TryParse(ReadOnlySpan<byte> packet, out GenericNack nack)
    {
        nack = default;
        var result = FeedbackHeader.TryGetFci(
            packet, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.GenericNack, out var fci);
        if (result != RtcpParseResult.Ok)
        {
            return result;
        }

        if (fci.Length < PairSize)
        {
            return RtcpParseResult.BadLength;
        }

        nack = new GenericNack(packet, fci);
        return RtcpParseResult.Ok;
    }

    /// <summary>
    /// Expands every pair into <paramref name="destination"/> in packet order; returns how many were written
    /// (stops early when the span is full; size it with <see cref="LostCount"/>).
    /// </summary>
    public int CopyLostSequenceNumbers(Span<ushort> destination)
    {
        var written = 0;
        for (var i = 0; i < PairCount && written < destination.Length; i++)
        {
            written += ExpandPair(GetPacketId(i), GetBitmask(i), destination.Slice(written));
        }

        return written;
    }

    /// <summary>Calls <paramref name="onLost"/> for each lost sequence number; a static lambda allocates nothing.</summary>
    public void ForEachLost<TState>(TState state, Action<TState, ushort> onLost)
    {
        ArgumentNullException.ThrowIfNull(onLost);
        for (var i = 0; i < PairCount; i++)
        {
            var pid = GetPacketId(i);
            onLost(state, pid);
            var blp = GetBitmask(i);
            for (var bit = 0; bit < 16; bit++)
            {
                if ((blp & (1 << bit)) != 0)
                {
                    onLost(state, (ushort)(pid + bit + 1));
                }
            }
        }
    }

    /// <summary>PID then each BLP bit, wrapping past 65535; returns the count written.</summary>
    public static int ExpandPair(ushort packetId, ushort bitmask, Span<ushort> destination)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        destination[0] = packetId;
        var written = 1;
        for (var bit = 0; bit < 16 && written < destination.Length; bit++)
        {
            if ((bitmask & (1 << bit)) != 0)
            {
                destination[written++] = (ushort)(packetId + bit + 1);
            }
        }

        return written;
    }

    /// <summary>
    /// Writes a NACK for <paramref name="lost"/>, given in ascending wrapping order (e.g. 65534, 65535, 0, 1).
    /// Numbers within 16 of the current PID share its BLP; others start a new pair.
    /// </summary>
    public static bool TryWrite(
        Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lost, out int written)
    {
        written = 0;
        var pairs = CountPairs(lost);
        var length = FeedbackHeader.Size + (pairs * PairSize);
        if (pairs == 0 || destination.Length < length || length > ushort.MaxValue * 4)
        {
            return false;
        }

        FeedbackHeader.Write(
            destination, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.GenericNack, length, senderSsrc, mediaSsrc);
        var position = FeedbackHeader.Size;
        var pid = lost[0];
        ushort blp = 0;
        for (var i = 1; i < lost.Length; i++)
        {
            var offset = (ushort)(lost[i] - pid);
            if (offset == 0)
            {
                continue;
            }

            if (offset <= 16)
            {
                blp |= (ushort)(1 << (offset - 1));
                continue;
            }

            WritePair(destination.Slice(position), pid, blp);
            position += PairSize;
            pid = lost[i];
            blp = 0;
        }

        WritePair(destination.Slice(position), pid, blp);
        written = length;
        return true;
    }

    private static int CountPairs(ReadOnlySpan<ushort> lost)
    {
        if (lost.IsEmpty)
        {
            return 0;
        }

        var pairs = 1;
        var pid = lost[0];
        for (var i = 1; i < lost.Length; i++)
        {
            var offset = (ushort)(lost[i] - pid);
            if (offset > 16)
            {
                pairs++;
                pid = lost[i];
            }
        }

        return pairs;
    }

    private static void WritePair(Span<byte> destination, ushort pid, ushort blp)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, pid);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), blp);
    }
}
