using Messenger.MediaServer.Ice;
using Messenger.MediaServer.Stun;

namespace Messenger.MediaServer.Transport;

/// <summary>
/// What a session offers the shared UDP port. All calls come from the receive loop, one at a time, and the
/// datagram lives in the loop's buffer: copy anything kept past the call, and do not block.
/// </summary>
public interface ITransportSession
{
    /// <summary>
    /// A Binding request whose USERNAME names this session's ufrag. Write the answer into
    /// <paramref name="response"/> (the transport sends it to <paramref name="remote"/>); a success result
    /// makes the transport route this address's DTLS and media here. An ICE-lite session forwards this to
    /// <see cref="IceLiteAgent.HandleBindingRequest(in StunMessage, TransportAddress, Span{byte}, out int)"/>.
    /// </summary>
    IceCheckResult OnBindingRequest(in StunMessage request, TransportAddress remote, Span<byte> response, out int responseLength);

    /// <summary>A DTLS record (RFC 7983 first byte 20-63) from an address bound to this session.</summary>
    void OnDtls(ReadOnlySpan<byte> datagram, TransportAddress remote);

    /// <summary>RTP or RTCP (first byte 128-191) from a bound address; writable so SRTP can decrypt in place.</summary>
    void OnRtpOrRtcp(Span<byte> datagram, TransportAddress remote);
}
