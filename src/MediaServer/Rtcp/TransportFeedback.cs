using System.Buffers.Binary;

namespace Messenger.MediaServer.Rtcp;

/// <summary>
/// Transport-wide congestion control feedback (PT=205, FMT=15,
/// draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1). FCI: base sequence number, packet status count,
/// 24-bit signed reference time (64 ms units), feedback packet count, packet chunks, receive deltas.
/// <see cref="TryParse"/> checks that chunks cover the status count and that every delta is present, so the
/// enumerator that follows cannot read out of bounds.
/// </summary>
public readonly ref struct TransportFeedback
{
    internal const int FixedFciLength = 8;
    internal const int TicksPerReferenceUnit = 256; // 64 ms / 250 µs

    private readonly ReadOnlySpan<byte> _packet;
    private readonly ReadOnlySpan<byte> _fci;
    private readonly int _deltasOffset;

    private TransportFeedback(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> fci, int deltasOffset)
    {
        _packet = packet;
        _fci = fci;
        _deltasOffset = deltasOffset;
    }

    public uint SenderSsrc => FeedbackHeader.ReadSenderSsrc(_packet);

    public uint MediaSsrc => FeedbackHeader.ReadMediaSsrc(_packet);

    public ushort BaseSequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_fci);

    public int PacketStatusCount => BinaryPrimitives.ReadUInt16BigEndian(_fci.Slice(2));

    /// <summary>Reference time in 64 ms units, sign-extended from 24 bits.</summary>
    public int ReferenceTime => (int)(BinaryPrimitives.ReadUInt32BigEndian(_fci.Slice(4)) & 0xFFFF_FF00) >> 8;

    public long ReferenceTimeMicroseconds => ReferenceTime * 64_000L;

    public byte FeedbackPacketCount => _fci[7];

    /// <summary>Yields every status in sequence order, with arrival times for the received ones.</summary>
    public TransportFeedbackEnumerator GetEnumerator() =>
        new(_fci, _deltasOffset, BaseSequenceNumber, PacketStatusCount, (long)ReferenceTime * TicksPerReferenceUnit);

    public static RtcpParseResult TryParse(ReadOnlySpan<byte> packet, out TransportFeedback feedback)
    {
        feedback = default;
        var result = FeedbackHeader.TryGetFci(
            packet, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.TransportWideCc, out var fci);
        if (result != RtcpParseResult.Ok)
        {
            return result;
        }

        if (fci.Length < FixedFciLength)
        {
            return RtcpParseResult.BadLength;
        }

        var statusCount = BinaryPrimitives.ReadUInt16BigEndian(fci.Slice(2));
        if (statusCount == 0)
        {
            return RtcpParseResult.Malformed;
        }

        var position = FixedFciLength;
        var covered = 0;
        var deltaBytes = 0;
        while (covered < statusCount)
        {
            if (position + 2 > fci.Length)
            {
                return RtcpParseResult.BadLength;
            }

            var chunk = BinaryPrimitives.ReadUInt16BigEndian(fci.Slice(position));
            position += 2;
            var take = Math.Min(TwccChunk.Capacity(chunk), statusCount - covered);
            for (var k = 0; k < take; k++)
            {
                var symbol = TwccChunk.Symbol(chunk, k);
                if (symbol == TwccChunk.Reserved)
                {
                    return RtcpParseResult.Malformed;
                }

                deltaBytes += symbol; // small delta = 1 byte, large = 2 bytes, not received = 0
                if (TwccChunk.IsRunLength(chunk))
                {
                    deltaBytes += symbol * (take - 1);
                    break;
                }
            }

            covered += take;
        }

        if (position + deltaBytes > fci.Length)
        {
            return RtcpParseResult.BadLength;
        }

        feedback = new TransportFeedback(packet, fci, position);
        return RtcpParseResult.Ok;
    }
}

/// <summary>Walks statuses and receive deltas of a validated transport-cc FCI.</summary>
public ref struct TransportFeedbackEnumerator
{
    private readonly ReadOnlySpan<byte> _fci;
    private int _chunkPosition;
    private int _deltaPosition;
    private ushort _chunk;
    private int _indexInChunk;
    private int _chunkCapacity;
    private int _remaining;
    private ushort _sequenceNumber;
    private long _ticks;
    private TwccPacketResult _current;

    internal TransportFeedbackEnumerator(
        ReadOnlySpan<byte> fci, int deltasOffset, ushort baseSequence, int statusCount, long referenceTicks)
    {
        _fci = fci;
        _chunkPosition = TransportFeedback.FixedFciLength;
        _deltaPosition = deltasOffset;
        _chunk = 0;
        _indexInChunk = 0;
        _chunkCapacity = 0;
        _remaining = statusCount;
        _sequenceNumber = baseSequence;
        _ticks = referenceTicks;
        _current = default;
    }

    public readonly TwccPacketResult Current => _current;

    public bool MoveNext()
    {
        if (_remaining == 0)
        {
            return false;
        }

        while (_indexInChunk >= _chunkCapacity)
        {
            _chunk = BinaryPrimitives.ReadUInt16BigEndian(_fci.Slice(_chunkPosition));
            _chunkPosition += 2;
            _chunkCapacity = TwccChunk.Capacity(_chunk);
            _indexInChunk = 0;
        }

        var status = (TwccStatus)TwccChunk.Symbol(_chunk, _indexInChunk++);
        var delta = 0;
        if (status == TwccStatus.ReceivedSmallDelta)
        {
            delta = _fci[_deltaPosition++];
        }
        else if (status == TwccStatus.ReceivedLargeDelta)
        {
            delta = BinaryPrimitives.ReadInt16BigEndian(_fci.Slice(_deltaPosition));
            _deltaPosition += 2;
        }

        _ticks += delta;
        var arrival = status == TwccStatus.NotReceived ? 0 : _ticks * TwccPacketResult.MicrosecondsPerTick;
        _current = new TwccPacketResult(_sequenceNumber, status, delta, arrival);
        _sequenceNumber++;
        _remaining--;
        return true;
    }
}

/// <summary>Packet chunk encodings (§3.1.3 run length, §3.1.4 status vector).</summary>
internal static class TwccChunk
{
    public const int Reserved = 3;
    public const int MaxRunLength = 0x1FFF;
    public const int OneBitCapacity = 14;
    public const int TwoBitCapacity = 7;

    public static bool IsRunLength(ushort chunk) => (chunk & 0x8000) == 0;

    public static int Capacity(ushort chunk) =>
        IsRunLength(chunk) ? chunk & MaxRunLength : (chunk & 0x4000) == 0 ? OneBitCapacity : TwoBitCapacity;

    public static int Symbol(ushort chunk, int index) =>
        IsRunLength(chunk) ? (chunk >> 13) & 0x3
        : (chunk & 0x4000) == 0 ? (chunk >> (13 - index)) & 0x1
        : (chunk >> (12 - (2 * index))) & 0x3;

    public static ushort RunLength(int symbol, int length) => (ushort)((symbol << 13) | length);
}
