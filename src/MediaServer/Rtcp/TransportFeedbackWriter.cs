using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Messenger.MediaServer.Rtcp;

/// <summary>
/// Builds transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) from the packets a
/// receiver saw. Chunks are chosen greedily like libwebrtc: a run-length chunk while statuses repeat, else a
/// full 1-bit (14) or 2-bit (7) status vector; only the final chunk may be partly filled.
/// </summary>
public static class TransportFeedbackWriter
{
    private const int FixedLength = FeedbackHeader.Size + TransportFeedback.FixedFciLength;
    private const int MicrosecondsPerReferenceUnit = 64_000;

    /// <summary>
    /// Writes one feedback packet for a prefix of <paramref name="arrivals"/>, which must be received packets in
    /// ascending wrapping sequence order; gaps between them are reported as not received.
    /// <paramref name="consumed"/> says how many arrivals went in: the rest (if any) belong in another packet
    /// because the span filled up, the order broke, or a receive delta left the signed 16-bit range.
    /// </summary>
    public static bool TryWrite(
        Span<byte> destination,
        uint senderSsrc,
        uint mediaSsrc,
        byte feedbackPacketCount,
        ReadOnlySpan<TwccArrival> arrivals,
        out int written,
        out int consumed)
    {
        written = 0;
        var referenceTime = FloorDivide(arrivals.IsEmpty ? 0 : arrivals[0].ArrivalMicroseconds, MicrosecondsPerReferenceUnit);
        consumed = CountFitting(destination.Length, arrivals, referenceTime, out var statusCount);
        if (consumed == 0)
        {
            return false;
        }

        arrivals = arrivals.Slice(0, consumed);
        var referenceTicks = referenceTime * TransportFeedback.TicksPerReferenceUnit;

        // Chunks.
        var position = FixedLength;
        var builder = default(ChunkBuilder);
        var previousTicks = referenceTicks;
        for (var i = 0; i < arrivals.Length; i++)
        {
            if (i > 0)
            {
                var gap = (ushort)(arrivals[i].SequenceNumber - arrivals[i - 1].SequenceNumber);
                for (var k = 1; k < gap; k++)
                {
                    Add(ref builder, destination, ref position, (int)TwccStatus.NotReceived);
                }
            }

            var ticks = ToTicks(arrivals[i].ArrivalMicroseconds);
            Add(ref builder, destination, ref position, (int)SymbolFor(ticks - previousTicks));
            previousTicks = ticks;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(position), builder.EmitLast());
        position += 2;

        // Receive deltas, in the same order.
        previousTicks = referenceTicks;
        foreach (var arrival in arrivals)
        {
            var ticks = ToTicks(arrival.ArrivalMicroseconds);
            var delta = ticks - previousTicks;
            previousTicks = ticks;
            if (SymbolFor(delta) == TwccStatus.ReceivedSmallDelta)
            {
                destination[position++] = (byte)delta;
            }
            else
            {
                BinaryPrimitives.WriteInt16BigEndian(destination.Slice(position), (short)delta);
                position += 2;
            }
        }

        // Zero padding to a word boundary, without the P bit: the status count already tells the reader where the
        // data ends, and a P bit would forbid this packet anywhere but last in a compound (RFC 3550 §A.2).
        var length = (position + 3) & ~3;
        destination.Slice(position, length - position).Clear();

        FeedbackHeader.Write(
            destination, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.TransportWideCc, length, senderSsrc, mediaSsrc);
        var fci = destination.Slice(FeedbackHeader.Size);
        BinaryPrimitives.WriteUInt16BigEndian(fci, arrivals[0].SequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(fci.Slice(2), (ushort)statusCount);
        BinaryPrimitives.WriteUInt32BigEndian(
            fci.Slice(4), ((uint)referenceTime << 8) | feedbackPacketCount);
        written = length;
        return true;
    }

    /// <summary>
    /// How many arrivals fit, using a worst-case size: every chunk but the last covers at least 7 statuses, so
    /// chunks ≤ statuses / 7 + 1, and each delta takes at most 2 bytes.
    /// </summary>
    private static int CountFitting(int capacity, ReadOnlySpan<TwccArrival> arrivals, long referenceTime, out int statusCount)
    {
        statusCount = 0;
        var previousTicks = referenceTime * TransportFeedback.TicksPerReferenceUnit;
        var offset = 0;
        for (var i = 0; i < arrivals.Length; i++)
        {
            if (i > 0)
            {
                var gap = (ushort)(arrivals[i].SequenceNumber - arrivals[i - 1].SequenceNumber);
                if (gap is 0 or >= 0x8000)
                {
                    return i; // duplicate or out of order: the caller sorts
                }

                offset += gap;
            }

            var newCount = offset + 1;
            var ticks = ToTicks(arrivals[i].ArrivalMicroseconds);
            var delta = ticks - previousTicks;
            var worstCase = FixedLength + (2 * ((newCount / TwccChunk.TwoBitCapacity) + 1)) + (2 * (i + 1)) + 3;
            if (newCount > ushort.MaxValue || delta is < short.MinValue or > short.MaxValue || worstCase > capacity)
            {
                return i;
            }

            previousTicks = ticks;
            statusCount = newCount;
        }

        return arrivals.Length;
    }

    private static void Add(ref ChunkBuilder builder, Span<byte> destination, ref int position, int symbol)
    {
        if (!builder.CanAdd(symbol))
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(position), builder.Emit());
            position += 2;
        }

        builder.Add(symbol);
    }

    private static TwccStatus SymbolFor(long delta) =>
        delta is >= 0 and <= byte.MaxValue ? TwccStatus.ReceivedSmallDelta : TwccStatus.ReceivedLargeDelta;

    /// <summary>Arrival to 250 µs ticks, rounded to nearest; deltas are differences of these so errors never add up.</summary>
    private static long ToTicks(long microseconds) =>
        FloorDivide(microseconds + (TwccPacketResult.MicrosecondsPerTick / 2), TwccPacketResult.MicrosecondsPerTick);

    private static long FloorDivide(long value, long divisor)
    {
        var quotient = value / divisor;
        return value % divisor < 0 ? quotient - 1 : quotient;
    }

    [InlineArray(TwccChunk.OneBitCapacity)]
    private struct SymbolBuffer
    {
        private byte _element0;
    }

    /// <summary>Pending statuses not yet committed to a chunk (libwebrtc's "LastChunk" idea).</summary>
    private struct ChunkBuilder
    {
        private SymbolBuffer _symbols;
        private int _size;
        private bool _allSame;
        private bool _hasLarge;

        public readonly bool CanAdd(int symbol)
        {
            if (_size < TwccChunk.TwoBitCapacity)
            {
                return true;
            }

            if (_size < TwccChunk.OneBitCapacity && !_hasLarge && symbol != (int)TwccStatus.ReceivedLargeDelta)
            {
                return true;
            }

            return _size < TwccChunk.MaxRunLength && _allSame && _symbols[0] == symbol;
        }

        public void Add(int symbol)
        {
            if (_size < TwccChunk.OneBitCapacity)
            {
                _symbols[_size] = (byte)symbol;
            }

            _allSame = _size == 0 || (_allSame && _symbols[0] == symbol);
            _hasLarge |= symbol == (int)TwccStatus.ReceivedLargeDelta;
            _size++;
        }

        /// <summary>Emits a chunk when the next symbol does not fit; may keep up to 6 statuses pending.</summary>
        public ushort Emit()
        {
            if (_allSame)
            {
                var run = TwccChunk.RunLength(_symbols[0], _size);
                _size = 0;
                return run;
            }

            if (_size == TwccChunk.OneBitCapacity)
            {
                var chunk = Vector(oneBit: true, TwccChunk.OneBitCapacity);
                _size = 0;
                return chunk;
            }

            // Mixed with a large delta: a full 2-bit vector of the first 7, keep the rest.
            var twoBit = Vector(oneBit: false, TwccChunk.TwoBitCapacity);
            var remaining = _size - TwccChunk.TwoBitCapacity;
            _size = 0;
            _allSame = false;
            _hasLarge = false;
            for (var i = 0; i < remaining; i++)
            {
                Add(_symbols[TwccChunk.TwoBitCapacity + i]);
            }

            return twoBit;
        }

        /// <summary>The final chunk: a vector may be partly filled since the status count bounds the reader.</summary>
        public readonly ushort EmitLast()
        {
            if (_allSame)
            {
                return TwccChunk.RunLength(_symbols[0], _size);
            }

            return _hasLarge || _size <= TwccChunk.TwoBitCapacity
                ? Vector(oneBit: false, _size)
                : Vector(oneBit: true, _size);
        }

        private readonly ushort Vector(bool oneBit, int count)
        {
            var chunk = oneBit ? 0x8000 : 0xC000;
            for (var k = 0; k < count; k++)
            {
                chunk |= oneBit ? _symbols[k] << (13 - k) : _symbols[k] << (12 - (2 * k));
            }

            return (ushort)chunk;
        }
    }
}
