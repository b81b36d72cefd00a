using Dapper;
using Microsoft.Data.Sqlite;

namespace Messenger.ChatCore.Storage.Sqlite;

/// <summary>
/// Ordered schema migrations. A migration is never edited once released; a change is a new entry. Times are stored
/// as Unix milliseconds so that ordering and comparison need no parsing.
/// </summary>
internal static class SqliteMigrations
{
    private static readonly (int Version, string Sql)[] All =
    [
        (1, """
            CREATE TABLE users (
                id              TEXT PRIMARY KEY,
                username        TEXT NOT NULL UNIQUE,
                display_name    TEXT NOT NULL,
                display_name_lc TEXT NOT NULL,
                about           TEXT NOT NULL DEFAULT '',
                password_hash   TEXT NOT NULL,
                created_at      INTEGER NOT NULL
            );
            CREATE INDEX ix_users_display_name_lc ON users (display_name_lc);

            CREATE TABLE device_sessions (
                id          TEXT PRIMARY KEY,
                user_id     TEXT NOT NULL REFERENCES users (id),
                device_name TEXT NOT NULL,
                created_at  INTEGER NOT NULL,
                revoked_at  INTEGER NULL
            );
            CREATE INDEX ix_device_sessions_user ON device_sessions (user_id);

            CREATE TABLE refresh_tokens (
                token_hash  TEXT PRIMARY KEY,
                session_id  TEXT NOT NULL REFERENCES device_sessions (id),
                expires_at  INTEGER NOT NULL,
                used_at     INTEGER NULL
            );
            CREATE INDEX ix_refresh_tokens_session ON refresh_tokens (session_id);

            CREATE TABLE relations (
                owner_id   TEXT NOT NULL REFERENCES users (id),
                other_id   TEXT NOT NULL REFERENCES users (id),
                kind       INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (owner_id, kind, other_id)
            );
            """),
    ];

    public static async Task ApplyAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);",
            cancellationToken: cancellationToken)).ConfigureAwait(false);

        var applied = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT version FROM schema_migrations;", cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToHashSet();

        foreach (var (version, sql) in All)
        {
            if (applied.Contains(version))
            {
                continue;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @now);",
                new { version, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
                transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
