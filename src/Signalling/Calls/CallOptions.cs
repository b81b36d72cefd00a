namespace Messenger.Signalling.Calls;

/// <summary>Settings under "Messenger:Calls" (README lists them).</summary>
public sealed class CallOptions
{
    public const string Section = "Messenger:Calls";

    /// <summary>A callee who neither accepts nor declines within this time has missed the call.</summary>
    public TimeSpan RingTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>How long a new call link stays valid (a request may ask for less).</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// A participant whose device loses its last hub connection is hung up after this long, unless the device is back;
    /// long enough to ride out a network change, short enough that nobody stays "busy" for ever.
    /// </summary>
    public TimeSpan ReconnectGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Members rung at most when a group call starts; the rest can still join.</summary>
    public int MaxRinging { get; set; } = 200;

    /// <summary>Where clients reach the media server; empty when it runs in this process (relative URLs).</summary>
    public string MediaBaseUrl { get; set; } = "";
}

/// <summary>Settings under "Messenger:Turn": the TURN servers and the secret they share with us (docs/turn.md).</summary>
public sealed class TurnOptions
{
    public const string Section = "Messenger:Turn";

    /// <summary>ICE server URLs handed to clients, e.g. <c>turn:turn.example.org:3478?transport=udp</c>.</summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>coturn's <c>static-auth-secret</c>; empty hands the URLs out without credentials (STUN only).</summary>
    public string Secret { get; set; } = "";

    /// <summary>How long issued credentials stay valid; TURN refreshes fail after that, so outlast a long call.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromDays(1);
}
