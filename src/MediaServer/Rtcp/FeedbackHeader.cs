using System.Buffers.Binary;

namespace Messenger.MediaServer.Rtcp;

/// <summary>
/// The common part of RTCP feedback messages (RFC 4585 §6.1): header with FMT in the count field,
/// SSRC of packet sender, SSRC of media source, then feedback control information (FCI).
/// </summary>
internal static class FeedbackHeader
{
    public const int Size = RtcpHeader.Size + 8;

    /// <summary>Validates type and FMT, returns the FCI. Both SSRCs are read by the caller from the packet.</summary>
    public static RtcpParseResult TryGetFci(
        ReadOnlySpan<byte> packet, byte packetType, byte format, out ReadOnlySpan<byte> fci)
    {
        fci = default;
        var result = RtcpHeader.TryGetBody(packet, packetType, out var header, out var body);
        if (result != RtcpParseResult.Ok)
        {
            return result;
        }

        if (header.Count != format)
        {
            return RtcpParseResult.WrongType;
        }

        if (body.Length < 8)
        {
            return RtcpParseResult.BadLength;
        }

        fci = body.Slice(8);
        return RtcpParseResult.Ok;
    }

    public static uint ReadSenderSsrc(ReadOnlySpan<byte> packet) =>
        BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(RtcpHeader.Size));

    public static uint ReadMediaSsrc(ReadOnlySpan<byte> packet) =>
        BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(RtcpHeader.Size + 4));

    public static void Write(
        Span<byte> destination, byte packetType, byte format, int length, uint senderSsrc, uint mediaSsrc)
    {
        RtcpHeader.Write(destination, format, packetType, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(RtcpHeader.Size), senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(RtcpHeader.Size + 4), mediaSsrc);
    }
}
