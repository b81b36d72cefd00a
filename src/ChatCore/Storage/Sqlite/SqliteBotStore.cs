using Dapper;
using Messenger.ChatCore.Bots;
using Messenger.ChatCore.Directory;
using Microsoft.Data.Sqlite;

namespace Messenger.ChatCore.Storage.Sqlite;

/// <summary>Bots and their tokens and webhooks on the SQLite file; the update queue is in SqliteBotStore.Queue.cs.</summary>
public sealed partial class SqliteBotStore(SqliteDatabase database) : IBotStore
{
    private const string BotColumns =
        "u.id AS Id, u.username AS Username, u.display_name AS DisplayName, u.about AS About, u.created_at AS CreatedAtMs, " +
        "b.owner_id AS OwnerId, b.token_hash AS TokenHash, b.created_at AS BotCreatedAtMs, b.webhook_url AS WebhookUrl, " +
        "b.webhook_secret AS WebhookSecret, b.webhook_error AS WebhookError";

    public async Task<bool> TryCreateAsync(UserAccount account, string ownerId, string tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The password hash is not a hash of anything: bots never sign in with a password (the credentials lookup
            // skips is_bot rows), they present their token.
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO users (id, username, display_name, display_name_lc, about, password_hash, created_at, is_bot)
                VALUES (@Id, @Username, @DisplayName, @DisplayNameLc, '', '!', @CreatedAt, 1);
                INSERT INTO bots (user_id, owner_id, token_hash, created_at) VALUES (@Id, @ownerId, @tokenHash, @CreatedAt);
                """,
                new
                {
                    account.Id, account.Username, account.DisplayName, DisplayNameLc = account.DisplayName.ToLowerInvariant(),
                    CreatedAt = account.CreatedAt.ToUnixTimeMilliseconds(), ownerId, tokenHash,
                },
                transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SqliteException exception) when (SqliteDatabase.IsUniqueViolation(exception))
        {
            return false;
        }
    }

    public async Task<BotRecord?> FindAsync(string botId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<BotRow>(new CommandDefinition(
            $"SELECT {BotColumns} FROM bots b JOIN users u ON u.id = b.user_id WHERE b.user_id = @botId;",
            new { botId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<BotRecord>> ListByOwnerAsync(string ownerId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<BotRow>(new CommandDefinition(
            $"SELECT {BotColumns} FROM bots b JOIN users u ON u.id = b.user_id WHERE b.owner_id = @ownerId ORDER BY u.username;",
            new { ownerId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM bots);", cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    public async Task<bool> SetTokenHashAsync(string botId, string tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE bots SET token_hash = @tokenHash WHERE user_id = @botId;", new { botId, tokenHash },
            cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    public async Task<bool> DeleteAsync(string botId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var existed = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM bots WHERE user_id = @botId;", new { botId }, transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM bot_updates WHERE bot_id = @botId;
            DELETE FROM bot_callbacks WHERE bot_id = @botId;
            """, new { botId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return existed;
    }

    public async Task SetWebhookAsync(string botId, string? url, string? secret, bool dropPending, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE bots SET webhook_url = @url, webhook_secret = @secret, webhook_error = NULL WHERE user_id = @botId;
            UPDATE bot_updates SET attempts = 0, next_attempt_at = 0 WHERE bot_id = @botId;
            """, new { botId, url, secret }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (dropPending)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM bot_updates WHERE bot_id = @botId;", new { botId }, transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task SetWebhookErrorAsync(string botId, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE bots SET webhook_error = @error WHERE user_id = @botId;", new { botId, error },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private sealed class BotRow
    {
        public string Id { get; set; } = "";
        public string Username { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string About { get; set; } = "";
        public long CreatedAtMs { get; set; }
        public string OwnerId { get; set; } = "";
        public string TokenHash { get; set; } = "";
        public long BotCreatedAtMs { get; set; }
        public string? WebhookUrl { get; set; }
        public string? WebhookSecret { get; set; }
        public string? WebhookError { get; set; }

        public BotRecord ToRecord() => new(
            new UserAccount(Id, Username, DisplayName, About, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAtMs)) { IsBot = true },
            OwnerId, TokenHash, DateTimeOffset.FromUnixTimeMilliseconds(BotCreatedAtMs), WebhookUrl, WebhookSecret, WebhookError);
    }
}
