using Microsoft.AspNetCore.SignalR;

namespace Messenger.MediaServer.RoomSignalling;

/// <summary>
/// Hub errors: a HubException whose message starts with a machine-readable code and a colon, so clients can switch
/// on the code and show the rest.
/// </summary>
public static class RoomErrors
{
    public const string NotJoined = "not_joined";
    public const string AlreadyJoined = "already_joined";
    public const string RoomFull = "room_full";
    public const string TooManyTracks = "too_many_tracks";
    public const string BadSdp = "bad_sdp";
    public const string Glare = "glare";
    public const string StaleAnswer = "stale_answer";
    public const string UnknownTrack = "unknown_track";
    public const string Forbidden = "forbidden";

    /// <summary>Resume found no participant waiting for this connection (grace over, wrong token): join again.</summary>
    public const string ResumeFailed = "resume_failed";

    public static HubException Error(string code, string detail) => new($"{code}: {detail}");
}
