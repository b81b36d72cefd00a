using System.Buffers.Binary;

namespace Messenger.MediaServer.Rtcp;

/// <summary>The sender info section of an SR (RFC 3550 §6.4.1).</summary>
public readonly record struct SenderInfo(ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount);

/// <summary>
/// Sender report (PT=200, RFC 3550 §6.4.1): SSRC, 20 bytes of sender info, RC report blocks, then an optional
/// profile-specific extension that we ignore.
/// </summary>
public readonly ref struct SenderReport
{
    private const int SenderInfoOffset = 4;
    private const int BlocksOffset = 24;

    private readonly ReadOnlySpan<byte> _body;

    private SenderReport(ReadOnlySpan<byte> body, int reportCount)
    {
        _body = body;
        ReportCount = reportCount;
    }

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>64-bit NTP timestamp (RFC 3550 §4): seconds since 1900 in the high word, fraction in the low.</summary>
    public ulong NtpTimestamp => BinaryPrimitives.ReadUInt64BigEndian(_body.Slice(SenderInfoOffset));

    public uint RtpTimestamp => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(12));

    public uint PacketCount => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(16));

    public uint OctetCount => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(20));

    public SenderInfo Info => new(NtpTimestamp, RtpTimestamp, PacketCount, OctetCount);

    public int ReportCount { get; }

    /// <summary>Report block <paramref name="index"/>; 0 ≤ index &lt; <see cref="ReportCount"/>.</summary>
    public ReportBlock GetReportBlock(int index) =>
        ReportBlock.Read(_body.Slice(BlocksOffset + (index * ReportBlock.Size)));

    public static RtcpParseResult TryParse(ReadOnlySpan<byte> packet, out SenderReport report)
    {
        report = default;
        var result = RtcpHeader.TryGetBody(packet, RtcpPacketType.SenderReport, out var header, out var body);
        if (result != RtcpParseResult.Ok)
        {
            return result;
        }

        if (body.Length < BlocksOffset + (header.Count * ReportBlock.Size))
        {
            return RtcpParseResult.BadLength;
        }

        report = new SenderReport(body, header.Count);
        return RtcpParseResult.Ok;
    }

    public static int GetLength(int reportCount) => RtcpHeader.Size + BlocksOffset + (reportCount * ReportBlock.Size);

    /// <summary>Writes an SR with up to 31 report blocks (the RC field is 5 bits).</summary>
    public static bool TryWrite(
        Span<byte> destination, uint ssrc, in SenderInfo info, ReadOnlySpan<ReportBlock> blocks, out int written)
    {
        written = 0;
        var length = GetLength(blocks.Length);
        if (blocks.Length > 31 || destination.Length < length)
        {
            return false;
        }

        RtcpHeader.Write(destination, (byte)blocks.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(8), info.NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), info.RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20), info.PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(24), info.OctetCount);
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i].Write(destination.Slice(RtcpHeader.Size + BlocksOffset + (i * ReportBlock.Size)));
        }

        written = length;
        return true;
    }
}
