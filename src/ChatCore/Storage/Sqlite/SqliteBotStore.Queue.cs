using System.Data.Common;
using System.Text.Json;
using Dapper;
using Messenger.ChatCore.Bots;
using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Storage.Sqlite;

/// <summary>
/// The bots' durable update queues. Each bot's update ids come from bots.next_update_id inside the transaction that
/// inserts the update, so ids rise per bot and an update is either fully queued or not at all.
/// </summary>
public sealed partial class SqliteBotStore
{
    public async Task<long> EnqueueAsync(string botId, string kind, string payload, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var id = await InsertUpdateAsync(connection, transaction, botId, kind, payload, now, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return id;
    }

    public async Task EnqueueCallbackAsync(BotCallback callback, string payload, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO bot_callbacks (id, bot_id, user_id, conversation_id, seq, data, created_at)
            VALUES (@Id, @BotId, @UserId, @ConversationId, @Seq, @Data, @now);
            """, new { callback.Id, callback.BotId, callback.UserId, callback.ConversationId, callback.Seq, callback.Data, now = now.ToUnixTimeMilliseconds() },
            transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await InsertUpdateAsync(connection, transaction, callback.BotId, BotUpdateKinds.CallbackQuery, payload, now, cancellationToken)
            .ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredBotUpdate>> ConfirmAndListAsync(string botId, long offset, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (offset > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM bot_updates WHERE bot_id = @botId AND update_id < @offset;", new { botId, offset },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        var rows = await connection.QueryAsync<UpdateRow>(new CommandDefinition(
            $"SELECT {UpdateColumns} FROM bot_updates WHERE bot_id = @botId AND update_id >= @offset ORDER BY update_id LIMIT @limit;",
            new { botId, offset, limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToUpdate()).ToList();
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ListWebhookHeadsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<HeadRow>(new CommandDefinition(
            $"""
             SELECT b.user_id AS BotId, b.webhook_url AS Url, b.webhook_secret AS Secret, {UpdateColumns}
             FROM bots b JOIN bot_updates ON bot_updates.bot_id = b.user_id
             WHERE b.webhook_url IS NOT NULL
               AND bot_updates.update_id = (SELECT MIN(update_id) FROM bot_updates x WHERE x.bot_id = b.user_id);
             """, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new WebhookDelivery(r.BotId, r.Url, r.Secret, r.ToUpdate())).ToList();
    }

    public async Task RemoveUpdateAsync(string botId, long updateId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM bot_updates WHERE bot_id = @botId AND update_id = @updateId;", new { botId, updateId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task DeferUpdateAsync(string botId, long updateId, int attempts, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE bot_updates SET attempts = @attempts, next_attempt_at = @at WHERE bot_id = @botId AND update_id = @updateId;",
            new { botId, updateId, attempts, at = nextAttemptAt.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
    }

    public async Task<BotCallback?> AnswerCallbackAsync(string botId, string callbackId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<(string Id, string BotId, string UserId, string ConversationId, long Seq, string Data)?>(
            new CommandDefinition(
                """
                UPDATE bot_callbacks SET answered_at = @now
                WHERE id = @callbackId AND bot_id = @botId AND answered_at IS NULL
                RETURNING id, bot_id, user_id, conversation_id, seq, data;
                """, new { botId, callbackId, now = now.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        return row is { } r ? new BotCallback(r.Id, r.BotId, r.UserId, r.ConversationId, r.Seq, r.Data) : null;
    }

    private const string UpdateColumns =
        "bot_updates.update_id AS UpdateId, bot_updates.kind AS Kind, bot_updates.payload AS Payload, " +
        "bot_updates.attempts AS Attempts, bot_updates.next_attempt_at AS NextAttemptAtMs";

    private static async Task<long> InsertUpdateAsync(
        DbConnection connection, DbTransaction transaction, string botId, string kind, string payload, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "UPDATE bots SET next_update_id = next_update_id + 1 WHERE user_id = @botId RETURNING next_update_id;",
            new { botId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (id is null)
        {
            return 0; // the bot was deleted meanwhile: nothing to queue
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO bot_updates (bot_id, update_id, kind, payload, created_at) VALUES (@botId, @id, @kind, @payload, @now);",
            new { botId, id, kind, payload, now = now.ToUnixTimeMilliseconds() }, transaction, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        return id.Value;
    }

    private class UpdateRow
    {
        public long UpdateId { get; set; }
        public string Kind { get; set; } = "";
        public string Payload { get; set; } = "";
        public long Attempts { get; set; }
        public long NextAttemptAtMs { get; set; }

        public StoredBotUpdate ToUpdate() =>
            new(UpdateId, Kind, Payload, (int)Attempts, DateTimeOffset.FromUnixTimeMilliseconds(NextAttemptAtMs));
    }

    private sealed class HeadRow : UpdateRow
    {
        public string BotId { get; set; } = "";
        public string Url { get; set; } = "";
        public string? Secret { get; set; }
    }
}
