using Dapper;
using Messenger.ChatCore.Calls;

namespace Messenger.ChatCore.Storage.Sqlite;

public sealed class SqliteCallLinkStore(SqliteDatabase database) : ICallLinkStore
{
    public async Task InsertAsync(CallLink link, string tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO call_links (id, token_hash, conversation_id, created_by, created_at, expires_at)
            VALUES (@Id, @tokenHash, @ConversationId, @CreatedBy, @createdAt, @expiresAt);
            """,
            new
            {
                link.Id, tokenHash, link.ConversationId, link.CreatedBy,
                createdAt = link.CreatedAt.ToUnixTimeMilliseconds(), expiresAt = link.ExpiresAt.ToUnixTimeMilliseconds(),
            },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<CallLink?> FindByTokenHashAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<(string Id, string ConversationId, string CreatedBy, long CreatedAt, long ExpiresAt, long? RevokedAt)?>(
            new CommandDefinition(
                """
                SELECT id, conversation_id, created_by, created_at, expires_at, revoked_at
                FROM call_links WHERE token_hash = @tokenHash;
                """, new { tokenHash }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row is { } r
            ? new CallLink(r.Id, r.ConversationId, r.CreatedBy, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt),
                DateTimeOffset.FromUnixTimeMilliseconds(r.ExpiresAt),
                r.RevokedAt is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null)
            : null;
    }

    public async Task<bool> RevokeAsync(string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE call_links SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL;",
            new { id, at = at.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }
}
