namespace Messenger.ChatCore.Sessions;

/// <summary>
/// One signed-in device. Every login creates one; its id is the device id that access tokens carry, so revoking it
/// cuts off that device alone.
/// </summary>
public sealed record DeviceSession(
    string Id,
    string UserId,
    string DeviceName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    public bool IsActive => RevokedAt is null;
}

/// <summary>What a successful login or refresh hands to the client.</summary>
public sealed record IssuedSession(DeviceSession Session, string RefreshToken, DateTimeOffset RefreshExpiresAt);
