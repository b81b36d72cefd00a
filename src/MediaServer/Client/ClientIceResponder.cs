using System.Text;
using Messenger.MediaServer.Stun;
using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Client;

/// <summary>
/// Answers the connectivity checks a full ICE peer (Janus/libnice, a browser) sends back to us (RFC 8445 §7.3): a
/// lite server never checks, but a full agent only uses a pair once its own check on it has succeeded, and its
/// keepalives and consent checks (RFC 7675) need answers too. We take whatever role the peer says: the controlling
/// client wins role conflicts through its tie-breaker (§7.3.1.1), so no 487 is ever needed from us.
/// </summary>
internal sealed class ClientIceResponder(string localUfrag, string localPassword)
{
    private readonly byte[] _usernamePrefix = Encoding.ASCII.GetBytes(localUfrag + ":");
    private readonly byte[] _key = Encoding.ASCII.GetBytes(localPassword);

    /// <summary>Writes a success response into <paramref name="response"/>; 0 when the request is not ours to answer.</summary>
    public int Answer(in StunMessage request, TransportAddress from, Span<byte> response)
    {
        if (!request.IsBindingRequest
            || request.ValidateFingerprint() != StunParseResult.Ok
            || !request.TryGetUsername(out var username)
            || !username.StartsWith(_usernamePrefix)
            || request.ValidateMessageIntegrity(_key) != StunParseResult.Ok)
        {
            return 0;
        }

        var writer = new StunWriter(response, StunMessageType.BindingSuccessResponse, request.TransactionId);
        writer.WriteXorMappedAddress(from);
        writer.WriteMessageIntegrity(_key);
        writer.WriteFingerprint();
        return writer.TryGetWritten(out var length) ? length : 0;
    }
}
