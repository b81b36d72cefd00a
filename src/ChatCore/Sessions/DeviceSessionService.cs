using System.Security.Cryptography;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Storage;

namespace Messenger.ChatCore.Sessions;

/// <summary>
/// Device sessions with rotating refresh tokens. A refresh token works once; presenting one that was already
/// rotated means it was copied, so the whole device session is revoked (refresh-token reuse detection, as in
/// OAuth 2.0 Security BCP, RFC 9700 §4.14.2).
/// </summary>
public sealed class DeviceSessionService(
    IDeviceSessionStore store,
    TimeProvider clock,
    TimeSpan refreshLifetime,
    IEnumerable<IDeviceSessionListener> listeners)
{
    private readonly IDeviceSessionListener[] _listeners = listeners.ToArray();

    public async Task<Result<IssuedSession>> StartAsync(
        UserAccount account, string? deviceName, CancellationToken cancellationToken)
    {
        if (AccountRules.CheckDeviceName(deviceName) is { } error)
        {
            return error;
        }

        var now = clock.GetUtcNowMs();
        var name = string.IsNullOrWhiteSpace(deviceName) ? "Unnamed device" : deviceName.Trim();
        var session = new DeviceSession(Guid.CreateVersion7().ToString("N"), account.Id, name, now, null);
        var token = NewToken();
        var expires = now + refreshLifetime;
        await store.CreateAsync(session, Hash(token), expires, cancellationToken).ConfigureAwait(false);
        return new IssuedSession(session, token, expires);
    }

    public async Task<Result<IssuedSession>> RefreshAsync(string? refreshToken, CancellationToken cancellationToken)
    {
        var rejected = new DirectoryError(
            DirectoryErrorKind.Unauthorized, "refreshToken", "The refresh token is invalid, expired or revoked.");
        if (string.IsNullOrEmpty(refreshToken))
        {
            return new DirectoryError(DirectoryErrorKind.Validation, "refreshToken", "A refresh token is required.");
        }

        var now = clock.GetUtcNowMs();
        var oldHash = Hash(refreshToken);
        var record = await store.FindRefreshTokenAsync(oldHash, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return rejected;
        }

        var session = await store.FindAsync(record.SessionId, cancellationToken).ConfigureAwait(false);
        if (session is null || !session.IsActive || record.ExpiresAt <= now)
        {
            return rejected;
        }

        var token = NewToken();
        var expires = now + refreshLifetime;
        if (record.Used || !await store.TryRotateAsync(oldHash, Hash(token), expires, now, cancellationToken).ConfigureAwait(false))
        {
            await RevokeAndNotifyAsync(session.Id, now, cancellationToken).ConfigureAwait(false);
            return rejected;
        }

        return new IssuedSession(session, token, expires);
    }

    /// <summary>Revokes one of the user's own sessions. Returns false if it is not theirs or already revoked.</summary>
    public async Task<bool> RevokeAsync(string userId, string sessionId, CancellationToken cancellationToken)
    {
        var session = await store.FindAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (session is null || !string.Equals(session.UserId, userId, StringComparison.Ordinal))
        {
            return false;
        }

        return await RevokeAndNotifyAsync(sessionId, clock.GetUtcNowMs(), cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> RevokeAndNotifyAsync(string sessionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var revoked = await store.RevokeAsync(sessionId, now, cancellationToken).ConfigureAwait(false);
        foreach (var listener in _listeners)
        {
            listener.OnSessionRevoked(sessionId);
        }

        return revoked;
    }

    public async Task<bool> IsActiveAsync(string sessionId, CancellationToken cancellationToken) =>
        (await store.FindAsync(sessionId, cancellationToken).ConfigureAwait(false))?.IsActive == true;

    public Task<IReadOnlyList<DeviceSession>> ListAsync(string userId, CancellationToken cancellationToken) =>
        store.ListActiveAsync(userId, cancellationToken);

    private static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    internal static string Hash(string token) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
