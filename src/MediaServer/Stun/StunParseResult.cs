namespace Messenger.MediaServer.Stun;

/// <summary>Outcome of parsing or validating a STUN message. Only <see cref="Ok"/> means success.</summary>
public enum StunParseResult
{
    Ok = 0,

    /// <summary>Fewer than the 20 header bytes.</summary>
    TooShort,

    /// <summary>The two most significant bits are not zero (RFC 8489 §5), so this is not STUN.</summary>
    NotStun,

    BadMagicCookie,

    /// <summary>The header length is not a multiple of 4 or does not match the datagram size.</summary>
    BadLength,

    /// <summary>An attribute runs past the end of the message or has an impossible fixed length.</summary>
    BadAttributeLength,

    /// <summary>Something other than FINGERPRINT follows FINGERPRINT, which must be last (RFC 8489 §14.7).</summary>
    BadAttributeOrder,

    MissingFingerprint,
    BadFingerprint,
    MissingIntegrity,
    BadIntegrity,
}
