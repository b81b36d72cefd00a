using System.Net;

namespace Messenger.MediaServer.Sdp;

/// <summary>The SFU side of a negotiation: its ICE-lite credentials, certificate, addresses and capabilities.</summary>
public sealed class SdpAnswererOptions
{
    /// <summary>Local ICE username fragment (RFC 8839 §5.4: 4-256 ice-chars).</summary>
    public required string IceUfrag { get; init; }

    /// <summary>Local ICE password (at least 22 ice-chars).</summary>
    public required string IcePwd { get; init; }

    /// <summary>Fingerprint of the DTLS certificate, normally "sha-256" (RFC 8827 §6.5).</summary>
    public required SdpFingerprint Fingerprint { get; init; }

    /// <summary>
    /// Role taken when the offer says a=setup:actpass. Passive (the default) makes the browser the DTLS client,
    /// so the SFU never has to start a handshake towards an address it has not yet seen (RFC 8842 §5.3).
    /// </summary>
    public SdpSetupRole ActPassAnswer { get; init; } = SdpSetupRole.Passive;

    /// <summary>Addresses announced as host UDP candidates, best first. ICE-lite has no other kind (RFC 8445 §2.5).</summary>
    public IReadOnlyList<IPEndPoint> Candidates { get; init; } = [];

    public IReadOnlyList<SdpCodecCapability> Codecs { get; init; } = SdpCapabilities.DefaultCodecs;

    public IReadOnlyList<string> HeaderExtensions { get; init; } = SdpCapabilities.DefaultHeaderExtensions;

    /// <summary>Direction answered to a sendrecv section (RFC 3264 §6.1 allows any of the four).</summary>
    public SdpDirection SendRecvAnswer { get; init; } = SdpDirection.SendRecv;

    /// <summary>
    /// Tracks the SFU sends, by mid. A recvonly offer section is answered sendonly only when a track is given here,
    /// otherwise inactive.
    /// </summary>
    public IReadOnlyDictionary<string, SdpLocalTrack> LocalTracks { get; init; } = new Dictionary<string, SdpLocalTrack>();

    /// <summary>o= session id of the answer (RFC 8829 §5.2.1: a random 62-bit number written in decimal).</summary>
    public string SessionId { get; init; } = "1";

    public ulong SessionVersion { get; init; } = 1;
}
