namespace Messenger.MediaServer.Dtls;

/// <summary>
/// Our side of the DTLS handshake. With SDP offer/answer (RFC 8842 §5) <c>a=setup:passive</c> makes us the
/// DTLS server and <c>a=setup:active</c> makes us the DTLS client.
/// </summary>
public enum DtlsRole : byte
{
    Server = 0,
    Client = 1,
}
