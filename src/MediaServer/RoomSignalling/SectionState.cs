using Messenger.MediaServer.Routing;
using Messenger.MediaServer.Sdp;

namespace Messenger.MediaServer.RoomSignalling;

/// <summary>
/// One m= section of a participant's connection, from the server's side: either a track the participant publishes
/// (we receive) or one we send them (a subscription). Sections are never removed, only made inactive, because the
/// m-line order is fixed for the life of the connection (RFC 8829 §5.2.2).
/// </summary>
public sealed class SectionState(string mid, string kind, bool serverSends)
{
    public string Mid { get; } = mid;

    public string Kind { get; } = kind;

    /// <summary>True for a subscription section (a=sendonly from us).</summary>
    public bool ServerSends { get; } = serverSends;

    public bool Active { get; set; } = true;

    /// <summary>What the last completed negotiation agreed for this section, if any yet.</summary>
    public NegotiatedMedia? Negotiated { get; set; }

    /// <summary>For a subscription: our SSRCs and msid.</summary>
    public SdpLocalTrack? Track { get; set; }

    /// <summary>For a subscription: the track being sent; for a publication: the producer it feeds.</summary>
    public Producer? Producer { get; set; }

    /// <summary>For a subscription: the consumer, created once the peer has accepted the section.</summary>
    public Consumer? Consumer { get; set; }
}
