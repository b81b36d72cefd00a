using System.Buffers.Binary;

namespace Messenger.MediaServer.Rtcp;

/// <summary>One reception report block, 24 bytes, shared by SR and RR (RFC 3550 §6.4.1).</summary>
public readonly record struct ReportBlock
{
    public const int Size = 24;

    /// <summary>The 24-bit signed cumulative-lost range (RFC 3550 §6.4.1: negative when duplicates arrive).</summary>
    public const int MaxCumulativeLost = 0x7F_FFFF;
    public const int MinCumulativeLost = -0x80_0000;

    public uint Ssrc { get; init; }

    /// <summary>Fraction lost since the previous report, as a fixed-point number with the binary point at the left.</summary>
    public byte FractionLost { get; init; }

    /// <summary>Cumulative packets lost; clamped to 24-bit signed on write.</summary>
    public int CumulativeLost { get; init; }

    /// <summary>Cycles (high 16 bits) and highest sequence number received (low 16 bits).</summary>
    public uint ExtendedHighestSequence { get; init; }

    /// <summary>Interarrival jitter in timestamp units (RFC 3550 §6.4.1, §A.8).</summary>
    public uint Jitter { get; init; }

    /// <summary>LSR: middle 32 bits of the last SR's NTP timestamp, 0 if none received.</summary>
    public uint LastSenderReport { get; init; }

    /// <summary>DLSR: delay since that SR in units of 1/65536 s.</summary>
    public uint DelaySinceLastSenderReport { get; init; }

    /// <summary>Reads a block from the first 24 bytes of <paramref name="source"/> (caller checks the length).</summary>
    public static ReportBlock Read(ReadOnlySpan<byte> source)
    {
        var lostWord = BinaryPrimitives.ReadUInt32BigEndian(source.Slice(4));
        // Sign-extend the low 24 bits.
        var cumulative = (int)(lostWord << 8) >> 8;
        return new ReportBlock
        {
            Ssrc = BinaryPrimitives.ReadUInt32BigEndian(source),
            FractionLost = (byte)(lostWord >> 24),
            CumulativeLost = cumulative,
            ExtendedHighestSequence = BinaryPrimitives.ReadUInt32BigEndian(source.Slice(8)),
            Jitter = BinaryPrimitives.ReadUInt32BigEndian(source.Slice(12)),
            LastSenderReport = BinaryPrimitives.ReadUInt32BigEndian(source.Slice(16)),
            DelaySinceLastSenderReport = BinaryPrimitives.ReadUInt32BigEndian(source.Slice(20)),
        };
    }

    /// <summary>Writes this block into the first 24 bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        var lost = Math.Clamp(CumulativeLost, MinCumulativeLost, MaxCumulativeLost);
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(
            destination.Slice(4), ((uint)FractionLost << 24) | ((uint)lost & 0x00FF_FFFF));
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), ExtendedHighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20), DelaySinceLastSenderReport);
    }
}
