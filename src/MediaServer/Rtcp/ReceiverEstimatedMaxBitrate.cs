using System.Buffers.Binary;

namespace Messenger.MediaServer.Rtcp;

/// <summary>
/// REMB (PT=206, FMT=15, draft-alvestrand-rmcat-remb-03 §2.2): media SSRC 0, then "REMB", an 8-bit SSRC
/// count, the bitrate as 6-bit exponent and 18-bit mantissa (bps = mantissa × 2^exp), and the SSRC list.
/// </summary>
public readonly ref struct ReceiverEstimatedMaxBitrate
{
    private const uint RembTag = 0x52454D42; // "REMB"
    private const int SsrcListOffset = 8;
    private const uint MaxMantissa = (1u << 18) - 1;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly ReadOnlySpan<byte> _fci;

    private ReceiverEstimatedMaxBitrate(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> fci)
    {
        _packet = packet;
        _fci = fci;
    }

    public uint SenderSsrc => FeedbackHeader.ReadSenderSsrc(_packet);

    public int SsrcCount => _fci[4];

    /// <summary>The estimate in bits per second; saturates at ulong.MaxValue for absurd exponents.</summary>
    public ulong Bitrate
    {
        get
        {
            var word = BinaryPrimitives.ReadUInt32BigEndian(_fci.Slice(4));
            return Decode((byte)((word >> 18) & 0x3F), word & MaxMantissa);
        }
    }

    public uint GetSsrc(int index) => BinaryPrimitives.ReadUInt32BigEndian(_fci.Slice(SsrcListOffset + (index * 4)));

    public static RtcpParseResult TryParse(ReadOnlySpan<byte> packet, out ReceiverEstimatedMaxBitrate remb)
    {
        remb = default;
        var result = FeedbackHeader.TryGetFci(
            packet, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.ApplicationLayer, out var fci);
        if (result != RtcpParseResult.Ok)
        {
            return result;
        }

        if (fci.Length < SsrcListOffset || BinaryPrimitives.ReadUInt32BigEndian(fci) != RembTag)
        {
            return RtcpParseResult.Malformed;
        }

        if (fci.Length < SsrcListOffset + (fci[4] * 4))
        {
            return RtcpParseResult.BadLength;
        }

        remb = new ReceiverEstimatedMaxBitrate(packet, fci);
        return RtcpParseResult.Ok;
    }

    /// <summary>Smallest exponent whose mantissa fits 18 bits; the bitrate is rounded down to it.</summary>
    public static void Encode(ulong bitrate, out byte exponent, out uint mantissa)
    {
        exponent = 0;
        while (bitrate > MaxMantissa)
        {
            bitrate >>= 1;
            exponent++;
        }

        mantissa = (uint)bitrate;
    }

    public static ulong Decode(byte exponent, uint mantissa)
    {
        mantissa &= MaxMantissa;
        if (mantissa == 0)
        {
            return 0;
        }

        // 18 significant bits shifted by more than 46 overflow 64 bits.
        return exponent > 46 && (mantissa >> (64 - exponent)) != 0 ? ulong.MaxValue : (ulong)mantissa << exponent;
    }

    public static int GetLength(int ssrcCount) => FeedbackHeader.Size + SsrcListOffset + (ssrcCount * 4);

    public static bool TryWrite(
        Span<byte> destination, uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs, out int written)
    {
        written = 0;
        var length = GetLength(ssrcs.Length);
        if (ssrcs.Length > byte.MaxValue || destination.Length < length)
        {
            return false;
        }

        FeedbackHeader.Write(
            destination, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.ApplicationLayer, length, senderSsrc, 0);
        var fci = destination.Slice(FeedbackHeader.Size);
        BinaryPrimitives.WriteUInt32BigEndian(fci, RembTag);
        Encode(bitrate, out var exponent, out var mantissa);
        BinaryPrimitives.WriteUInt32BigEndian(
            fci.Slice(4), ((uint)ssrcs.Length << 24) | ((uint)exponent << 18) | mantissa);
        for (var i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(fci.Slice(SsrcListOffset + (i * 4)), ssrcs[i]);
        }

        written = length;
        return true;
    }
}
