namespace Messenger.MediaServer.RoomSignalling;

// Payloads of the room signalling hub (docs/protocol.md, "Room signalling hub /rtc").

public sealed record JoinRequest(string? Name = null, bool AutoSubscribe = true);

public sealed record TrackInfo(string TrackId, string Kind, string Source, bool Muted, bool Simulcast, IReadOnlyList<string> Rids);

public sealed record ParticipantInfo(string ParticipantId, string UserId, string Name, IReadOnlyList<TrackInfo> Tracks, bool HandRaised = false);

/// <summary>
/// <see cref="ResumeToken"/> lets this participant take its place back from a new hub connection after a network drop
/// (<c>Resume</c>), keeping its tracks, within <c>Media:ReconnectGrace</c>.
/// </summary>
public sealed record JoinResponse(string ParticipantId, string Room, IReadOnlyList<ParticipantInfo> Participants, string? ResumeToken = null);

public sealed record ResumeRequest(string ParticipantId, string ResumeToken);

public sealed record HandRequest(bool Raised);

public sealed record HandRaisedEvent(string ParticipantId, bool Raised);

public sealed record PublishTrack(string Mid, string? Source);

public sealed record PublishRequest(string Sdp, IReadOnlyList<PublishTrack>? Tracks);

public sealed record PublishedTrack(string Mid, string TrackId);

public sealed record PublishResponse(string Sdp, IReadOnlyList<PublishedTrack> Tracks);

public sealed record OfferMessage(string Sdp, int Version);

public sealed record AnswerRequest(string Sdp, int Version);

public sealed record MuteRequest(string TrackId, bool Muted);

public sealed record PauseRequest(string TrackId, bool Paused);

public sealed record LayerRequest(string TrackId, int? Spatial = null, int? Temporal = null, int? MaxWidth = null, int? MaxHeight = null);

public sealed record ParticipantLeftEvent(string ParticipantId);

public sealed record TrackPublishedEvent(string ParticipantId, TrackInfo Track);

public sealed record TrackUnpublishedEvent(string ParticipantId, string TrackId);

public sealed record TrackMutedEvent(string ParticipantId, string TrackId, bool Muted);

public sealed record SpeakerLevel(string ParticipantId, double Level);

public sealed record ActiveSpeakersEvent(IReadOnlyList<SpeakerLevel> Speakers);

public sealed record LayerChangedEvent(string TrackId, int Spatial, int Temporal);

/// <summary>Which of a published track's simulcast layers anyone receives; the publisher may stop the others.</summary>
public sealed record LayersWantedEvent(string TrackId, IReadOnlyList<bool> Active);

/// <summary>The events the hub pushes, by name.</summary>
public static class RoomEvents
{
    public const string Offer = "Offer";
    public const string ParticipantJoined = "ParticipantJoined";
    public const string ParticipantLeft = "ParticipantLeft";
    public const string TrackPublished = "TrackPublished";
    public const string TrackUnpublished = "TrackUnpublished";
    public const string TrackMuted = "TrackMuted";
    public const string ActiveSpeakers = "ActiveSpeakers";
    public const string LayerChanged = "LayerChanged";
    public const string LayersWanted = "LayersWanted";
    public const string HandRaised = "HandRaised";
}
