namespace Messenger.MediaServer.Transport;

/// <summary>
/// Why a datagram was dropped. Counters by reason replace logging on the packet path. Values are dense from
/// zero because they index <see cref="DropCounters"/>; add new ones at the end.
/// </summary>
public enum DropReason
{
    /// <summary>First byte outside the RFC 7983 ranges, or an empty datagram.</summary>
    UnknownFirstByte = 0,

    /// <summary>STUN that does not parse, lacks USERNAME, or fails the fingerprint.</summary>
    StunMalformed,

    /// <summary>A request whose USERNAME names our ufrag but whose MESSAGE-INTEGRITY does not verify.</summary>
    StunBadIntegrity,

    /// <summary>No session owns the ufrag in USERNAME, or the session rejected the username.</summary>
    StunUnknownUsername,

    /// <summary>A check answered with 400 or 487, or a STUN message that is not a Binding request.</summary>
    StunRejected,

    /// <summary>RTP/RTCP from an address no check has bound to a session.</summary>
    UnknownRemoteAddress,

    /// <summary>DTLS from an address no check has bound to a session.</summary>
    DtlsUnknownAddress,

    /// <summary>Media arrived before DTLS-SRTP keys exist (counted by the session).</summary>
    RtpBeforeHandshake,

    SrtpAuthFailed,
    SrtpReplay,

    /// <summary>A session handler threw; the receive loop caught it and went on.</summary>
    HandlerFault,

    /// <summary>The socket reported an error for one receive or send.</summary>
    SocketError,

    /// <summary>The egress impairment hook dropped an outgoing datagram (tests only).</summary>
    EgressImpaired,

    /// <summary>The response or outgoing datagram did not fit a buffer.</summary>
    BufferTooSmall,

    /// <summary>Decrypted RTP that fails RTP header parsing (RFC 3550 §5.1).</summary>
    RtpMalformed,

    /// <summary>Decrypted RTCP whose compound structure is invalid (RFC 3550 §A.2).</summary>
    RtcpMalformed,

    /// <summary>RTP whose SSRC maps to no published track, even after MID/RID lookup.</summary>
    RtpUnknownSsrc,

    /// <summary>The session closed while a datagram for it was in flight.</summary>
    SessionClosed,

    /// <summary>The receive ring was full: the fan-out thread fell behind, so the datagram was dropped on arrival.</summary>
    ReceiveQueueFull,
}
