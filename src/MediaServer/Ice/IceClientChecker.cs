using System.Text;
using Messenger.MediaServer.Stun;
using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Ice;

/// <summary>
/// The controlling side's connectivity check (RFC 8445 §7.2.2), for the load generator and tests that play
/// the browser: builds Binding requests and verifies the answers.
/// </summary>
public sealed class IceClientChecker
{
    private readonly byte[] _username;
    private readonly byte[] _remotePassword;
    private readonly ulong _tieBreaker;

    /// <param name="localUfrag">Our (the client's) ufrag.</param>
    /// <param name="remoteUfrag">The server's ufrag from its SDP.</param>
    /// <param name="remotePassword">The server's password; it keys both the request and the response.</param>
    /// <param name="tieBreaker">RFC 8445 §7.1.1 ICE-CONTROLLING value.</param>
    public IceClientChecker(string localUfrag, string remoteUfrag, string remotePassword, ulong tieBreaker)
    {
        // RFC 8445 §7.2.2: USERNAME is "<receiver ufrag>:<sender ufrag>", the key is the receiver's password.
        _username = Encoding.ASCII.GetBytes(remoteUfrag + ":" + localUfrag);
        _remotePassword = Encoding.ASCII.GetBytes(remotePassword);
        _tieBreaker = tieBreaker;
    }

    /// <summary>Writes a controlling check with PRIORITY, optionally USE-CANDIDATE, MESSAGE-INTEGRITY and FINGERPRINT.</summary>
    public bool TryWriteBindingRequest(Span<byte> destination, StunTransactionId transactionId, uint priority, bool useCandidate, out int length)
    {
        var writer = new StunWriter(destination, StunMessageType.BindingRequest, transactionId);
        writer.WriteUsername(_username);
        writer.WritePriority(priority);
        writer.WriteIceControlling(_tieBreaker);
        if (useCandidate)
        {
            writer.WriteUseCandidate();
        }

        writer.WriteMessageIntegrity(_remotePassword);
        writer.WriteFingerprint();
        return writer.TryGetWritten(out length);
    }

    /// <summary>
    /// Checks a response to the request with <paramref name="expected"/> id: fingerprint, then integrity
    /// with the server's password (RFC 8445 §7.2.5.1), then XOR-MAPPED-ADDRESS. Error responses report their
    /// code in <paramref name="errorCode"/>; 400/401 carry no integrity, so only the fingerprint is checked.
    /// </summary>
    public IceResponseResult ValidateResponse(ReadOnlySpan<byte> response, StunTransactionId expected, out TransportAddress mappedAddress, out int errorCode)
    {
        mappedAddress = default;
        errorCode = 0;
        if (StunMessage.TryParse(response, out StunMessage message) != StunParseResult.Ok)
        {
            return IceResponseResult.Malformed;
        }

        if (message.Method != StunMethod.Binding
            || message.Class is not (StunMessageClass.SuccessResponse or StunMessageClass.ErrorResponse))
        {
            return IceResponseResult.NotBindingResponse;
        }

        if (message.TransactionId != expected)
        {
            return IceResponseResult.TransactionMismatch;
        }

        StunParseResult fingerprint = message.ValidateFingerprint();
        if (fingerprint != StunParseResult.Ok)
        {
            return fingerprint == StunParseResult.MissingFingerprint ? IceResponseResult.MissingFingerprint : IceResponseResult.BadFingerprint;
        }

        if (message.Class == StunMessageClass.ErrorResponse)
        {
            if (message.HasMessageIntegrity && message.ValidateMessageIntegrity(_remotePassword) != StunParseResult.Ok)
            {
                return IceResponseResult.BadIntegrity;
            }

            message.TryGetErrorCode(out errorCode, out _);
            return IceResponseResult.ErrorResponse;
        }

        StunParseResult integrity = message.ValidateMessageIntegrity(_remotePassword);
        if (integrity != StunParseResult.Ok)
        {
            return integrity == StunParseResult.MissingIntegrity ? IceResponseResult.MissingIntegrity : IceResponseResult.BadIntegrity;
        }

        return message.TryGetXorMappedAddress(out mappedAddress) ? IceResponseResult.Success : IceResponseResult.MissingMappedAddress;
    }
}
