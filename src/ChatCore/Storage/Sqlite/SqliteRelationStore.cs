using Dapper;
using Messenger.ChatCore.Directory;

namespace Messenger.ChatCore.Storage.Sqlite;

public sealed class SqliteRelationStore(SqliteDatabase database) : IRelationStore
{
    public async Task AddAsync(
        RelationKind kind, string ownerId, string otherId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO relations (owner_id, other_id, kind, created_at) VALUES (@ownerId, @otherId, @kind, @at)
            ON CONFLICT (owner_id, kind, other_id) DO NOTHING;
            """,
            new { ownerId, otherId, kind = (int)kind, at = at.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<bool> RemoveAsync(RelationKind kind, string ownerId, string otherId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var removed = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM relations WHERE owner_id = @ownerId AND kind = @kind AND other_id = @otherId;",
            new { ownerId, otherId, kind = (int)kind }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return removed > 0;
    }

    public async Task<bool> ExistsAsync(RelationKind kind, string ownerId, string otherId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM relations WHERE owner_id = @ownerId AND kind = @kind AND other_id = @otherId;",
            new { ownerId, otherId, kind = (int)kind }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyList<RelatedUser>> ListAsync(RelationKind kind, string ownerId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<RelationRow>(new CommandDefinition(
            $"""
            SELECT u.id AS Id, u.username AS Username, u.display_name AS DisplayName, u.about AS About,
                   r.created_at AS SinceMs, {SqliteVerifiedBadge.Columns}
            FROM relations r JOIN users u ON u.id = r.other_id {SqliteVerifiedBadge.JoinOn("u")}
            WHERE r.owner_id = @ownerId AND r.kind = @kind
            ORDER BY u.username;
            """,
            new { ownerId, kind = (int)kind }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new RelatedUser(
            new UserProfile(r.Id, r.Username, r.DisplayName, r.About, r.ToBadge()?.WithoutBirthDate()),
            DateTimeOffset.FromUnixTimeMilliseconds(r.SinceMs))).ToList();
    }

    private sealed class RelationRow : SqliteVerifiedBadge.Row
    {
        public string Id { get; set; } = "";
        public string Username { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string About { get; set; } = "";
        public long SinceMs { get; set; }
    }
}
