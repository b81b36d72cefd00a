namespace Messenger.MediaServer.Dtls;

/// <summary>
/// Sends one datagram towards the DTLS peer (normally over the ICE-selected UDP 5-tuple). Called from the
/// handshake thread, from the post-handshake pump and, for the final close_notify, from the thread that disposes
/// the endpoint, so it must be thread-safe (a UDP socket send is). Implementations must not keep the span.
/// </summary>
public interface IDatagramSender
{
    void Send(ReadOnlySpan<byte> datagram);
}
