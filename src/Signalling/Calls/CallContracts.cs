namespace Messenger.Signalling.Calls;

/// <summary>
/// What a participant needs to enter the call's SFU room: a room join token, the room signalling hub, WHIP/WHEP
/// URLs, and ICE servers with TURN credentials.
/// </summary>
public sealed record CallJoin(
    string CallId, string ConversationId, string Room, bool Video, string Token, int ExpiresIn,
    string RtcUrl, string WhipUrl, string WhepUrl, IReadOnlyList<IceServer> IceServers);

/// <summary>
/// The answer to StartCall. <see cref="Join"/> is null when nobody could be rung (everyone busy; the call is over
/// and recorded as busy). <see cref="Merged"/> is true when a call was already running in the conversation (glare,
/// or a group call in progress) and the caller joined it instead of starting another.
/// </summary>
public sealed record CallStart(CallJoin? Join, string CallId, IReadOnlyList<string> Ringing, IReadOnlyList<string> Busy, bool Merged);

/// <summary>A call as members see it (GetCall).</summary>
public sealed record CallInfo(
    string CallId, string ConversationId, string CallerId, bool Video, string Room, bool Answered,
    IReadOnlyList<string> Participants, IReadOnlyList<string> Ringing, DateTimeOffset StartedAt);

/// <summary>Sent to every device of each user rung.</summary>
public sealed record CallRingingEvent(string CallId, string ConversationId, string From, bool Video, string Room);

/// <summary>Something one user did in a call; <see cref="DeviceId"/> names the device for answers and joins.</summary>
public sealed record CallUserEvent(string CallId, string UserId, string? DeviceId = null);

/// <summary>The call is over for everyone; <see cref="Outcome"/> is one of ChatCore's CallOutcomes.</summary>
public sealed record CallEndedEvent(string CallId, string ConversationId, string Outcome, int DurationSeconds);

/// <summary>Event names on the chat hub.</summary>
public static class CallEvents
{
    public const string Ringing = "CallRinging";
    public const string Answered = "CallAnswered";
    public const string Joined = "CallJoined";
    public const string Declined = "CallDeclined";
    public const string Busy = "CallBusy";
    public const string Missed = "CallMissed";
    public const string Left = "CallLeft";
    public const string Ended = "CallEnded";
}
