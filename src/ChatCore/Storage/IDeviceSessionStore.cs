using Messenger.ChatCore.Sessions;

namespace Messenger.ChatCore.Storage;

/// <summary>Device sessions and their rotating refresh tokens (stored only as SHA-256 hashes).</summary>
public interface IDeviceSessionStore
{
    Task CreateAsync(DeviceSession session, string refreshTokenHash, DateTimeOffset refreshExpiresAt, CancellationToken cancellationToken);

    Task<RefreshTokenRecord?> FindRefreshTokenAsync(string refreshTokenHash, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the old token used and stores its successor in one transaction. Returns false, writing nothing, when the
    /// old token was already used (a concurrent or replayed refresh).
    /// </summary>
    Task<bool> TryRotateAsync(
        string oldHash, string newHash, DateTimeOffset newExpiresAt, DateTimeOffset now, CancellationToken cancellationToken);

    Task<bool> RevokeAsync(string sessionId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<DeviceSession?> FindAsync(string sessionId, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeviceSession>> ListActiveAsync(string userId, CancellationToken cancellationToken);
}

public sealed record RefreshTokenRecord(string SessionId, DateTimeOffset ExpiresAt, bool Used);
