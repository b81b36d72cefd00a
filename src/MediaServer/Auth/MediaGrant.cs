namespace Messenger.MediaServer.Auth;

/// <summary>
/// What a bearer may do on the media server, read from a verified token. The media server trusts only this, never
/// the user database, which is what lets media nodes run on machines of their own (architecture decision 1).
/// </summary>
/// <param name="Room">The room the grant is scoped to, or null for a user access token valid in any room.</param>
public sealed record MediaGrant(string UserId, string DisplayName, string? Room, bool CanPublish, bool CanSubscribe)
{
    public bool Allows(string room, bool publish) =>
        (Room is null || string.Equals(Room, room, StringComparison.Ordinal)) && (publish ? CanPublish : CanSubscribe);
}

/// <summary>Claim names of room join tokens, shared by the host that signs them and the media server that checks them.</summary>
public static class MediaTokenClaims
{
    public const string Audience = "messenger-media";
    public const string ApiAudience = "messenger-api";
    public const string Room = "room";
    public const string CanPublish = "can_publish";
    public const string CanSubscribe = "can_subscribe";
    public const string Name = "name";
    public const string Username = "username";
}
