namespace Messenger.MediaServer.Transport;

/// <summary>Protocol of a datagram arriving on the shared port.</summary>
public enum PacketKind : byte
{
    Unknown = 0,
    Stun,
    Dtls,
    RtpOrRtcp,
}

/// <summary>
/// RFC 7983 §7 demultiplexing on the first byte: 0-3 STUN, 20-63 DTLS, 128-191 RTP/RTCP. ZRTP (16-19) and
/// TURN channels (64-79) are not used by this server and fall into <see cref="PacketKind.Unknown"/>.
/// </summary>
public static class PacketClassifier
{
    public static PacketKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return PacketKind.Unknown;
        }

        byte first = datagram[0];
        return first switch
        {
            <= 3 => PacketKind.Stun,
            >= 20 and <= 63 => PacketKind.Dtls,
            >= 128 and <= 191 => PacketKind.RtpOrRtcp,
            _ => PacketKind.Unknown,
        };
    }
}
