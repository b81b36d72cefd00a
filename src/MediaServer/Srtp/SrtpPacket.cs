using System.Buffers.Binary;

namespace Messenger.MediaServer.Srtp;

/// <summary>The few RTP/RTCP header fields SRTP needs, read in place.</summary>
internal static class SrtpPacket
{
    public const int RtpFixedHeaderLength = 12;
    public const int RtcpHeaderLength = 8;

    /// <summary>The E flag and 31-bit SRTCP index word that follows the RTCP payload (RFC 3711 §3.4).</summary>
    public const int SrtcpIndexLength = 4;

    public const uint SrtcpEncryptedFlag = 0x8000_0000;
    public const uint SrtcpIndexMask = 0x7FFF_FFFF;

    /// <summary>
    /// Length of the RTP header including CSRCs and the header extension (RFC 3550 §5.1, §5.3.1). SRTP leaves all of
    /// it in the clear: it is authenticated (AES-CM) or is the AAD (RFC 7714 §8.2).
    /// </summary>
    public static SrtpResult TryGetRtpHeaderLength(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = 0;
        if (packet.Length < RtpFixedHeaderLength)
        {
            return SrtpResult.TooShort;
        }

        byte first = packet[0];
        if (first >> 6 != 2)
        {
            return SrtpResult.MalformedHeader;
        }

        int length = RtpFixedHeaderLength + (4 * (first & 0x0F));
        if ((first & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return SrtpResult.TooShort;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(length + 2, 2)));
        }

        if (length > packet.Length)
        {
            return SrtpResult.TooShort;
        }

        headerLength = length;
        return SrtpResult.Ok;
    }

    public static ushort RtpSequenceNumber(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);

    public static uint RtpSsrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);

    /// <summary>The SSRC of the first RTCP packet in a compound packet: the sender's (RFC 3550 §6.4).</summary>
    public static uint RtcpSenderSsrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);

    public static bool IsVersion2(ReadOnlySpan<byte> packet) => packet[0] >> 6 == 2;
}
