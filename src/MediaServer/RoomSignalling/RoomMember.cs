using Messenger.MediaServer.Routing;

namespace Messenger.MediaServer.RoomSignalling;

/// <summary>
/// A hub connection joined to a room: who it is, its participant and the negotiation of its connection. After a
/// network drop the participant outlives its connection for a grace period, and a new connection that presents
/// <see cref="ResumeToken"/> takes it over (<see cref="ConnectionId"/> changes, the media session stays).
/// </summary>
public sealed class RoomMember(string connectionId, Room room, Participant participant, Negotiator negotiator, bool autoSubscribe)
{
    public string ConnectionId { get; set; } = connectionId;

    /// <summary>A secret only this participant's client knows; it proves a resuming connection is the same client.</summary>
    public string ResumeToken { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>True between a dropped connection and a resume (or the grace period's end).</summary>
    public bool Detached { get; set; }

    /// <summary>Raise-hand state, shown to everyone (reset by lowering it).</summary>
    public bool HandRaised { get; set; }

    public Room Room { get; } = room;

    public Participant Participant { get; } = participant;

    public Negotiator Negotiator { get; } = negotiator;

    public bool AutoSubscribe { get; } = autoSubscribe;

    /// <summary>Track sources the client declared when publishing, by mid (camera, microphone, screen).</summary>
    public Dictionary<string, string> Sources { get; } = new(StringComparer.Ordinal);

    /// <summary>The wanted-layer mask last sent to this publisher, by producer.</summary>
    public Dictionary<Producer, int> ReportedWantedLayers { get; } = [];

    /// <summary>The layer last reported in a LayerChanged event, by consumer.</summary>
    public Dictionary<Consumer, Forwarding.VideoLayer> ReportedLayers { get; } = [];
}
