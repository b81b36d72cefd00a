using Messenger.MediaServer.Rtp;

namespace Messenger.MediaServer.Session;

/// <summary>Why a session ended.</summary>
public enum SessionCloseReason
{
    /// <summary>The client ended it (WHIP/WHEP DELETE, leaving the room).</summary>
    ClientRequest,

    /// <summary>No valid ICE check for the consent timeout (RFC 7675 §5.1).</summary>
    ConsentExpired,

    /// <summary>DTLS failed: timeout, fingerprint mismatch, no common SRTP profile.</summary>
    DtlsFailed,

    /// <summary>The peer sent close_notify or a fatal alert.</summary>
    DtlsClosed,

    /// <summary>The server is shutting down or the room closed.</summary>
    ServerShutdown,
}

/// <summary>
/// How a session reports upward (mediasoup style: children talk to their owner only through a listener). Packet
/// callbacks run on the transport's receive loop and must not block; the span is valid only during the call.
/// </summary>
public interface IWebRtcSessionListener
{
    /// <summary>ICE is nominated and DTLS-SRTP keys are in place: media can flow both ways.</summary>
    void OnSessionConnected(WebRtcSession session);

    /// <summary>A decrypted, parsed RTP packet from the peer.</summary>
    void OnRtp(WebRtcSession session, RtpPacket packet);

    /// <summary>A decrypted RTCP compound packet from the peer, already validated.</summary>
    void OnRtcp(WebRtcSession session, ReadOnlySpan<byte> compound);

    void OnSessionClosed(WebRtcSession session, SessionCloseReason reason);
}
