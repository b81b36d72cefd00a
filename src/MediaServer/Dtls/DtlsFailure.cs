namespace Messenger.MediaServer.Dtls;

/// <summary>Why a DTLS handshake did not produce SRTP keys.</summary>
public enum DtlsFailure : byte
{
    None = 0,

    /// <summary>The peer's certificate does not hash to the fingerprint announced in its SDP (RFC 8122 §5).</summary>
    FingerprintMismatch,

    /// <summary>The peer sent no certificate; WebRTC requires mutual authentication (RFC 8827 §6.5).</summary>
    NoPeerCertificate,

    /// <summary>No common SRTP protection profile in use_srtp, or the peer did not offer use_srtp (RFC 5764 §4.1.2).</summary>
    NoSrtpProfile,

    /// <summary>The overall handshake deadline passed.</summary>
    Timeout,

    /// <summary>The peer aborted with a fatal alert.</summary>
    PeerAlert,

    /// <summary>We closed the endpoint before the handshake finished.</summary>
    Closed,

    /// <summary>Any other protocol error (decode error, unsupported parameters, ...).</summary>
    ProtocolError,
}
