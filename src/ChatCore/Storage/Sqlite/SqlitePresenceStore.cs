using Dapper;
using Messenger.ChatCore.Presence;

namespace Messenger.ChatCore.Storage.Sqlite;

public sealed class SqlitePresenceStore(SqliteDatabase database) : IPresenceStore
{
    public async Task<(DateTimeOffset? LastSeen, PresenceVisibility Visibility)> GetAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<(long? LastSeen, long Visibility)?>(new CommandDefinition(
            "SELECT last_seen, visibility FROM presence WHERE user_id = @userId;", new { userId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row is { } r
            ? (r.LastSeen is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null, (PresenceVisibility)r.Visibility)
            : (null, PresenceVisibility.Everyone);
    }

    public async Task SetLastSeenAsync(string userId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO presence (user_id, last_seen) VALUES (@userId, @at)
            ON CONFLICT (user_id) DO UPDATE SET last_seen = excluded.last_seen;
            """, new { userId, at = at.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task SetVisibilityAsync(string userId, PresenceVisibility visibility, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO presence (user_id, visibility) VALUES (@userId, @visibility)
            ON CONFLICT (user_id) DO UPDATE SET visibility = excluded.visibility;
            """, new { userId, visibility = (int)visibility }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
