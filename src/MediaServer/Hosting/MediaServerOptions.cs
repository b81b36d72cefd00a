namespace Messenger.MediaServer.Hosting;

/// <summary>Settings under "Media" in the host's configuration (environment: <c>Media__UdpPort</c> and so on).</summary>
public sealed class MediaServerOptions
{
    public const string Section = "Media";

    /// <summary>The one UDP port every session shares (0 picks a free one, for tests).</summary>
    public int UdpPort { get; set; } = 40000;

    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>
    /// Addresses put in our ICE candidates: the public address behind 1:1 NAT, a container's host address. Empty
    /// announces the bound address, or every up interface when bound to the wildcard.
    /// </summary>
    public List<string> AnnouncedAddresses { get; set; } = [];

    /// <summary>A peer silent this long loses consent and its session is closed (RFC 7675 §5.1: 30 s).</summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan DtlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Bitrate we tell publishers they may use (REMB), until bandwidth estimation (issue #4) takes over.</summary>
    public long PublisherBitrateBps { get; set; } = 2_500_000;

    /// <summary>How often Sender Reports and REMB go out.</summary>
    public TimeSpan RtcpInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>STUN/TURN servers advertised in WHIP/WHEP Link headers (RFC 9725 §4.4).</summary>
    public List<IceServerOption> IceServers { get; set; } = [];

    /// <summary>Participants one room admits; the next Join gets room_full.</summary>
    public int MaxParticipantsPerRoom { get; set; } = 50;

    /// <summary>Tracks one participant may publish (camera, microphone, screen…); more gets too_many_tracks.</summary>
    public int MaxTracksPerParticipant { get; set; } = 4;

    /// <summary>
    /// How long a participant whose signalling connection dropped keeps its place (tracks, subscriptions) waiting for
    /// the client to resume on a new connection; the media session itself lives as long as ICE consent allows.
    /// </summary>
    public TimeSpan ReconnectGrace { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Forward video only from the N most active speakers (0: everyone), for large rooms.</summary>
    public int LastN { get; set; }

    /// <summary>Fan-out on a thread of its own, fed by the receive thread through a ring (issue #8); false: one thread.</summary>
    public bool FanOutThread { get; set; } = true;

    /// <summary>Batch the fan-out's sends with sendmmsg(2) on Linux.</summary>
    public bool BatchSends { get; set; } = true;

    /// <summary>Bearer token for the stats and metrics endpoints; when empty they answer loopback callers only.</summary>
    public string AdminToken { get; set; } = "";
}

public sealed class IceServerOption
{
    public string Url { get; set; } = "";

    public string? Username { get; set; }

    public string? Credential { get; set; }
}
