using Dapper;
using Messenger.ChatCore.Directory;
using Microsoft.Data.Sqlite;

namespace Messenger.ChatCore.Storage.Sqlite;

public sealed class SqliteExternalIdentityStore(SqliteDatabase database) : IExternalIdentityStore
{
    private const string Columns =
        "provider AS Provider, subject AS Subject, user_id AS UserId, full_name AS FullName, "
        + "birth_date AS BirthDate, documents_checked AS DocumentsChecked, linked_at AS LinkedAtMs, "
        + "verified_at AS VerifiedAtMs";

    private const string InsertSql =
        """
        INSERT INTO external_identities
            (provider, subject, user_id, full_name, birth_date, documents_checked, linked_at, verified_at)
        VALUES (@Provider, @Subject, @UserId, @FullName, @BirthDate, @DocumentsChecked, @LinkedAt, @VerifiedAt);
        """;

    public async Task<ExternalIdentity?> FindAsync(string provider, string subject, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<IdentityRow>(new CommandDefinition(
            $"SELECT {Columns} FROM external_identities WHERE provider = @provider AND subject = @subject;",
            new { provider, subject }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToIdentity();
    }

    public async Task<IReadOnlyList<ExternalIdentity>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<IdentityRow>(new CommandDefinition(
            $"SELECT {Columns} FROM external_identities WHERE user_id = @userId ORDER BY provider;",
            new { userId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToIdentity()).ToList();
    }

    public async Task<bool> TryInsertAsync(ExternalIdentity identity, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                InsertSql, Parameters(identity), cancellationToken: cancellationToken)).ConfigureAwait(false);
            return true;
        }
        catch (SqliteException exception) when (SqliteDatabase.IsUniqueViolation(exception))
        {
            return false;
        }
    }

    public async Task<bool> TryInsertWithAccountAsync(
        UserAccount account, string passwordHash, ExternalIdentity identity, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                SqliteUserStore.InsertSql, SqliteUserStore.InsertParameters(account, passwordHash), transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                InsertSql, Parameters(identity), transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SqliteException exception) when (SqliteDatabase.IsUniqueViolation(exception))
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    public async Task UpdateAttributesAsync(
        string provider, string subject, VerifiedAttributes attributes, DateTimeOffset verifiedAt,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE external_identities
            SET full_name = @FullName, birth_date = @BirthDate, documents_checked = @DocumentsChecked,
                verified_at = @VerifiedAt
            WHERE provider = @provider AND subject = @subject;
            """,
            new
            {
                provider,
                subject,
                attributes.FullName,
                BirthDate = SqliteVerifiedBadge.FormatDate(attributes.BirthDate),
                DocumentsChecked = attributes.DocumentsChecked ? 1 : 0,
                VerifiedAt = verifiedAt.ToUnixTimeMilliseconds(),
            },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string userId, string provider, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM external_identities WHERE user_id = @userId AND provider = @provider;",
            new { userId, provider }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
    }

    private static object Parameters(ExternalIdentity identity) => new
    {
        identity.Provider,
        identity.Subject,
        identity.UserId,
        identity.Attributes.FullName,
        BirthDate = SqliteVerifiedBadge.FormatDate(identity.Attributes.BirthDate),
        DocumentsChecked = identity.Attributes.DocumentsChecked ? 1 : 0,
        LinkedAt = identity.LinkedAt.ToUnixTimeMilliseconds(),
        VerifiedAt = identity.VerifiedAt.ToUnixTimeMilliseconds(),
    };

    private sealed class IdentityRow
    {
        public string Provider { get; set; } = "";
        public string Subject { get; set; } = "";
        public string UserId { get; set; } = "";
        public string? FullName { get; set; }
        public string? BirthDate { get; set; }
        public long DocumentsChecked { get; set; }
        public long LinkedAtMs { get; set; }
        public long VerifiedAtMs { get; set; }

        public ExternalIdentity ToIdentity() => new(
            Provider,
            Subject,
            UserId,
            new VerifiedAttributes(FullName, SqliteVerifiedBadge.ParseDate(BirthDate), DocumentsChecked == 1),
            DateTimeOffset.FromUnixTimeMilliseconds(LinkedAtMs),
            DateTimeOffset.FromUnixTimeMilliseconds(VerifiedAtMs));
    }
}
