using Messenger.MediaServer.Routing;

namespace Messenger.MediaServer.RoomSignalling;

/// <summary>A hub connection joined to a room: who it is, its participant and the negotiation of its connection.</summary>
public sealed class RoomMember(string connectionId, Room room, Participant participant, Negotiator negotiator, bool autoSubscribe)
{
    public string ConnectionId { get; } = connectionId;

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
