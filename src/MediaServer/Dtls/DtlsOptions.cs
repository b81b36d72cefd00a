namespace Messenger.MediaServer.Dtls;

/// <summary>Tunables of one DTLS-SRTP endpoint. The defaults suit browsers; tests shorten the timers.</summary>
public sealed class DtlsOptions
{
    public static DtlsOptions Default { get; } = new();

    /// <summary>
    /// Deadline for the whole handshake, measured from <see cref="DtlsEndpoint.StartHandshake"/>. On the server
    /// this includes waiting for the ClientHello, so start the endpoint once ICE has connected.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// First flight retransmission timer, doubled on every retry by BouncyCastle (RFC 6347 §4.2.4.1 suggests 1 s;
    /// we start lower because WebRTC paths are already proven by ICE and set-up latency is user-visible).
    /// </summary>
    public TimeSpan InitialRetransmitTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Largest datagram we send; see <see cref="DtlsTransportAdapter.DefaultMtu"/>.</summary>
    public int Mtu { get; init; } = DtlsTransportAdapter.DefaultMtu;

    /// <summary>Receive queue depth in datagrams; a whole DTLS flight fits several times over.</summary>
    public int ReceiveQueueCapacity { get; init; } = 16;

    /// <summary>
    /// SRTP protection profiles in preference order (see <see cref="DtlsSrtpProfile"/>). As client we offer them in
    /// this order; as server we pick the first one the client offered.
    /// </summary>
    public IReadOnlyList<ushort> SrtpProfiles { get; init; } = DtlsSrtpProfile.DefaultPreference.ToArray();
}
