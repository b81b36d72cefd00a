namespace Messenger.MediaServer.Srtp;

/// <summary>Outcome of protecting or unprotecting one packet. Only <see cref="Ok"/> changes any context state.</summary>
public enum SrtpResult : byte
{
    /// <summary>The packet was protected or verified and decrypted in place.</summary>
    Ok,

    /// <summary>The packet is shorter than its header plus tag (and SRTCP index), or the header runs past the end.</summary>
    TooShort,

    /// <summary>The RTP/RTCP version is not 2.</summary>
    MalformedHeader,

    /// <summary>Protect: the buffer has no room after the packet for the tag (and SRTCP index).</summary>
    BufferTooSmall,

    /// <summary>The authentication tag did not verify (forged, corrupted, wrong key, or wrong ROC guess).</summary>
    AuthFailed,

    /// <summary>The packet index was already received inside the replay window (RFC 3711 §3.3.2).</summary>
    ReplayedPacket,

    /// <summary>The packet index is older than the replay window covers, so it cannot be checked and is dropped.</summary>
    ReplayTooOld,

    /// <summary>The SSRC has no stream state and the context's stream table is full.</summary>
    UnknownSsrc,

    /// <summary>Protect: the 31-bit SRTCP index is used up; the keys must be renegotiated (RFC 3711 §9.2).</summary>
    IndexExhausted,
}
