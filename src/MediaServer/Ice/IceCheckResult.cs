namespace Messenger.MediaServer.Ice;

/// <summary>What <see cref="IceLiteAgent"/> made of an incoming binding request.</summary>
public enum IceCheckResult
{
    /// <summary>Valid check; success response written; remote address recorded as a valid pair.</summary>
    Accepted = 0,

    /// <summary>Valid check carrying USE-CANDIDATE; the remote address is now the selected pair.</summary>
    Nominated,

    /// <summary>Not STUN, or the header/attributes do not parse. Dropped silently.</summary>
    Malformed,

    /// <summary>A STUN message other than a Binding request (indications are keepalives). Ignored.</summary>
    NotBindingRequest,

    /// <summary>ICE requires FINGERPRINT (RFC 8445 §7.2.2); dropped silently.</summary>
    MissingFingerprint,

    /// <summary>RFC 8489 §7.3: a bad fingerprint means "not STUN"; dropped silently.</summary>
    BadFingerprint,

    /// <summary>USERNAME, MESSAGE-INTEGRITY or PRIORITY missing; answered 400 (RFC 8489 §9.1.3).</summary>
    BadRequest,

    /// <summary>USERNAME is not "our ufrag:their ufrag"; answered 401.</summary>
    UnknownUsername,

    /// <summary>MESSAGE-INTEGRITY does not verify with our password; answered 401.</summary>
    BadIntegrity,

    /// <summary>The peer also claims the controlled role; answered 487 (RFC 8445 §7.3.1.1).</summary>
    RoleConflict,

    /// <summary>The response buffer cannot hold the answer; nothing recorded, nothing to send.</summary>
    ResponseBufferTooSmall,
}

public static class IceCheckResultExtensions
{
    /// <summary>True when the sender proved it knows our password: the transport may bind its address.</summary>
    public static bool IsSuccess(this IceCheckResult result) =>
        result is IceCheckResult.Accepted or IceCheckResult.Nominated;
}
