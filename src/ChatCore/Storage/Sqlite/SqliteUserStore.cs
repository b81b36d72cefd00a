using Dapper;
using Messenger.ChatCore.Directory;
using Microsoft.Data.Sqlite;

namespace Messenger.ChatCore.Storage.Sqlite;

public sealed class SqliteUserStore(SqliteDatabase database) : IUserStore
{
    private const string AccountColumns =
        "id AS Id, username AS Username, display_name AS DisplayName, about AS About, created_at AS CreatedAtMs, users.is_bot AS IsBot, "
        + SqliteVerifiedBadge.Columns;

    private const string FromUsers = "FROM users " + SqliteVerifiedBadge.Join;

    internal const string InsertSql =
        """
        INSERT INTO users (id, username, display_name, display_name_lc, about, password_hash, created_at)
        VALUES (@Id, @Username, @DisplayName, @DisplayNameLc, @About, @PasswordHash, @CreatedAt);
        """;

    internal static object InsertParameters(UserAccount account, string passwordHash) => new
    {
        account.Id,
        account.Username,
        account.DisplayName,
        DisplayNameLc = account.DisplayName.ToLowerInvariant(),
        account.About,
        PasswordHash = passwordHash,
        CreatedAt = account.CreatedAt.ToUnixTimeMilliseconds(),
    };

    public async Task<bool> TryInsertAsync(UserAccount account, string passwordHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                InsertSql, InsertParameters(account, passwordHash), cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            return true;
        }
        catch (SqliteException exception) when (SqliteDatabase.IsUniqueViolation(exception))
        {
            return false;
        }
    }

    public async Task<UserAccount?> FindByIdAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(
            $"SELECT {AccountColumns} {FromUsers} WHERE id = @userId;", new { userId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToAccount();
    }

    public async Task<StoredCredentials?> FindCredentialsAsync(string normalizedUsername, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(
            $"SELECT {AccountColumns}, password_hash AS PasswordHash {FromUsers} WHERE username = @normalizedUsername AND users.is_bot = 0;",
            new { normalizedUsername }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row is null ? null : new StoredCredentials(row.ToAccount(), row.PasswordHash!);
    }

    public async Task UpdatePasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET password_hash = @passwordHash WHERE id = @userId;", new { userId, passwordHash },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<UserAccount?> UpdateProfileAsync(
        string userId, string? displayName, string? about, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // One statement, so a profile update is all or nothing. The account is read back afterwards because
        // RETURNING cannot join the verified badge (issue #7).
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE users SET
                display_name = COALESCE(@displayName, display_name),
                display_name_lc = COALESCE(@displayNameLc, display_name_lc),
                about = COALESCE(@about, about)
            WHERE id = @userId;
            """,
            new { userId, displayName, displayNameLc = displayName?.ToLowerInvariant(), about },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return changed == 0 ? null : await FindByIdAsync(userId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<UserAccount>> SearchAsync(
        string prefix, int offset, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var pattern = EscapeLike(prefix.ToLowerInvariant()) + "%";
        var rows = await connection.QueryAsync<AccountRow>(new CommandDefinition(
            $"""
             SELECT {AccountColumns} {FromUsers}
             WHERE username LIKE @pattern ESCAPE '\' OR display_name_lc LIKE @pattern ESCAPE '\'
             ORDER BY username LIMIT @limit OFFSET @offset;
             """,
            new { pattern, limit, offset }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToAccount()).ToList();
    }

    internal static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);

    private sealed class AccountRow : SqliteVerifiedBadge.Row
    {
        public string Id { get; set; } = "";
        public string Username { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string About { get; set; } = "";
        public long CreatedAtMs { get; set; }
        public string? PasswordHash { get; set; }

        public bool IsBot { get; set; }

        public UserAccount ToAccount() =>
            new(Id, Username, DisplayName, About, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAtMs), ToBadge()) { IsBot = IsBot };
    }
}
