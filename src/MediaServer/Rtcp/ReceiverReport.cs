using System.Buffers.Binary;

namespace Messenger.MediaServer.Rtcp;

/// <summary>Receiver report (PT=201, RFC 3550 §6.4.2): reporter SSRC then RC report blocks.</summary>
public readonly ref struct ReceiverReport
{
    private const int BlocksOffset = 4;

    private readonly ReadOnlySpan<byte> _body;

    private ReceiverReport(ReadOnlySpan<byte> body, int reportCount)
    {
        _body = body;
        ReportCount = reportCount;
    }

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    public int ReportCount { get; }

    public ReportBlock GetReportBlock(int index) =>
        ReportBlock.Read(_body.Slice(BlocksOffset + (index * ReportBlock.Size)));

    public static RtcpParseResult TryParse(ReadOnlySpan<byte> packet, out ReceiverReport report)
    {
        report = default;
        var result = RtcpHeader.TryGetBody(packet, RtcpPacketType.ReceiverReport, out var header, out var body);
        if (result != RtcpParseResult.Ok)
        {
            return result;
        }

        if (body.Length < BlocksOffset + (header.Count * ReportBlock.Size))
        {
            return RtcpParseResult.BadLength;
        }

        report = new ReceiverReport(body, header.Count);
        return RtcpParseResult.Ok;
    }

    public static int GetLength(int reportCount) => RtcpHeader.Size + BlocksOffset + (reportCount * ReportBlock.Size);

    /// <summary>Writes an RR; an empty one (RC = 0) heads a compound when there is nothing to report (§6.4.2).</summary>
    public static bool TryWrite(Span<byte> destination, uint ssrc, ReadOnlySpan<ReportBlock> blocks, out int written)
    {
        written = 0;
        var length = GetLength(blocks.Length);
        if (blocks.Length > 31 || destination.Length < length)
        {
            return false;
        }

        RtcpHeader.Write(destination, (byte)blocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i].Write(destination.Slice(RtcpHeader.Size + BlocksOffset + (i * ReportBlock.Size)));
        }

        written = length;
        return true;
    }
}
