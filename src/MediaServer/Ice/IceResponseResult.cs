namespace Messenger.MediaServer.Ice;

/// <summary>What <see cref="IceClientChecker"/> made of a response to its check.</summary>
public enum IceResponseResult
{
    /// <summary>Authenticated success response; the mapped address is valid.</summary>
    Success = 0,
    Malformed,
    NotBindingResponse,
    TransactionMismatch,
    MissingFingerprint,
    BadFingerprint,
    MissingIntegrity,
    BadIntegrity,
    MissingMappedAddress,

    /// <summary>A Binding error response; the code is reported separately.</summary>
    ErrorResponse,
}
