using Messenger.MediaServer.Stun;

namespace Messenger.MediaServer.Ice;

/// <summary>Binding error responses an ICE agent sends (RFC 8489 §6.3.4, §14.8; RFC 8445 §7.3.1.1).</summary>
internal static class IceErrorResponses
{
    public const int BadRequest = 400;
    public const int Unauthenticated = 401;
    public const int RoleConflict = 487;

    /// <summary>
    /// Writes an error response with FINGERPRINT. MESSAGE-INTEGRITY is added only when <paramref name="key"/>
    /// is given: RFC 8489 §9.1.3 forbids it on 400/401 answers to requests that failed authentication.
    /// </summary>
    public static int Write(Span<byte> destination, StunTransactionId transactionId, int code, ReadOnlySpan<byte> key)
    {
        var writer = new StunWriter(destination, StunMessageType.BindingErrorResponse, transactionId);
        writer.WriteErrorCode(code, ReasonFor(code));
        if (!key.IsEmpty)
        {
            writer.WriteMessageIntegrity(key);
        }

        writer.WriteFingerprint();
        return writer.TryGetWritten(out int length) ? length : 0;
    }

    private static ReadOnlySpan<byte> ReasonFor(int code) => code switch
    {
        BadRequest => "Bad Request"u8,
        Unauthenticated => "Unauthenticated"u8,
        RoleConflict => "Role Conflict"u8,
        _ => "Error"u8,
    };
}
