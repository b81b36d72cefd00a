using Dapper;
using Messenger.ChatCore.Sessions;

namespace Messenger.ChatCore.Storage.Sqlite;

public sealed class SqliteDeviceSessionStore(SqliteDatabase database) : IDeviceSessionStore
{
    private const string SessionColumns =
        "id AS Id, user_id AS UserId, device_name AS DeviceName, created_at AS CreatedAtMs, revoked_at AS RevokedAtMs";

    public async Task CreateAsync(
        DeviceSession session, string refreshTokenHash, DateTimeOffset refreshExpiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO device_sessions (id, user_id, device_name, created_at, revoked_at)
            VALUES (@Id, @UserId, @DeviceName, @CreatedAt, NULL);
            """,
            new { session.Id, session.UserId, session.DeviceName, CreatedAt = session.CreatedAt.ToUnixTimeMilliseconds() },
            transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await InsertTokenAsync(connection, transaction, refreshTokenHash, session.Id, refreshExpiresAt, cancellationToken)
            .ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<RefreshTokenRecord?> FindRefreshTokenAsync(string refreshTokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(
            "SELECT session_id AS SessionId, expires_at AS ExpiresAtMs, used_at AS UsedAtMs FROM refresh_tokens WHERE token_hash = @refreshTokenHash;",
            new { refreshTokenHash }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row is null
            ? null
            : new RefreshTokenRecord(row.SessionId, DateTimeOffset.FromUnixTimeMilliseconds(row.ExpiresAtMs), row.UsedAtMs is not null);
    }

    public async Task<bool> TryRotateAsync(
        string oldHash, string newHash, DateTimeOffset newExpiresAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var marked = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE refresh_tokens SET used_at = @now WHERE token_hash = @oldHash AND used_at IS NULL;",
            new { oldHash, now = now.ToUnixTimeMilliseconds() }, transaction, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        if (marked != 1)
        {
            return false; // disposing the transaction rolls back: nothing written
        }

        var sessionId = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT session_id FROM refresh_tokens WHERE token_hash = @oldHash;", new { oldHash }, transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await InsertTokenAsync(connection, transaction, newHash, sessionId!, newExpiresAt, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> RevokeAsync(string sessionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE device_sessions SET revoked_at = @now WHERE id = @sessionId AND revoked_at IS NULL;",
            new { sessionId, now = now.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return changed > 0;
    }

    public async Task<DeviceSession?> FindAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(
            $"SELECT {SessionColumns} FROM device_sessions WHERE id = @sessionId;", new { sessionId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToSession();
    }

    public async Task<IReadOnlyList<DeviceSession>> ListActiveAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<SessionRow>(new CommandDefinition(
            $"SELECT {SessionColumns} FROM device_sessions WHERE user_id = @userId AND revoked_at IS NULL ORDER BY created_at;",
            new { userId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToSession()).ToList();
    }

    private static Task<int> InsertTokenAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
        string hash, string sessionId, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO refresh_tokens (token_hash, session_id, expires_at, used_at) VALUES (@hash, @sessionId, @expiresAt, NULL);",
            new { hash, sessionId, expiresAt = expiresAt.ToUnixTimeMilliseconds() }, transaction,
            cancellationToken: cancellationToken));

    private sealed class TokenRow
    {
        public string SessionId { get; set; } = "";
        public long ExpiresAtMs { get; set; }
        public long? UsedAtMs { get; set; }
    }

    private sealed class SessionRow
    {
        public string Id { get; set; } = "";
        public string UserId { get; set; } = "";
        public string DeviceName { get; set; } = "";
        public long CreatedAtMs { get; set; }
        public long? RevokedAtMs { get; set; }

        public DeviceSession ToSession() => new(
            Id, UserId, DeviceName, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAtMs),
            RevokedAtMs is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null);
    }
}
