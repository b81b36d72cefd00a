namespace Messenger.MediaServer.Rtcp;

/// <summary>Tells RTCP from RTP on a port that carries both (rtcp-mux, RFC 5761).</summary>
public static class RtpRtcpDemux
{
    /// <summary>
    /// RFC 5761 §4: the second byte of an RTCP packet is its packet type, 192-223 (SR..XR live at 200-207);
    /// an RTP second byte is M + payload type, and payload types 64-95 (which would collide) are not used
    /// with rtcp-mux. So a second byte in [192, 223] means RTCP.
    /// </summary>
    public static bool IsRtcp(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= 2 && datagram[1] is >= 192 and <= 223;
}
