using System.Data.Common;
using System.Text.Json;
using Dapper;
using Messenger.ChatCore.Bots;
using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Documents;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Storage.Sqlite;

/// <summary>
/// The feed from the chat log (updates) into the bots' queues. The log entries it reads commit in the same transaction
/// as the message or signature they describe, and the feed moves its cursor in the transaction that queues the bot
/// updates, so nothing is lost or doubled whatever crashes when: a message or signature is in the log once it exists,
/// and is turned into bot updates exactly once.
/// </summary>
public sealed partial class SqliteBotStore
{
    public async Task<IReadOnlyCollection<string>?> FeedFromChatLogAsync(int batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // With no bots nothing can be fed: a message reaches only bots that were members before it was posted and a
        // signature only the bot that asked for it, so no entry passed over now could ever become a bot update. A
        // plain read (WAL: it doesn't block the writer) spares a host without bots a write transaction and its commit
        // after every message, which contended with the chat's group commit for SQLite's one write lock
        // (docs/performance.md, chat). The cursor stays put and catches up, in batches, once a bot exists.
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM bots);", cancellationToken: cancellationToken)).ConfigureAwait(false) == 0)
        {
            return null;
        }

        // Microsoft.Data.Sqlite begins IMMEDIATE: the write lock is held from the start, so the log cannot grow under
        // the read and the cursor never passes an entry that was not looked at.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var cursor = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT cursor FROM bot_feed_cursor WHERE id = 1;", transaction: transaction, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        var upto = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(MAX(id), @cursor) FROM (SELECT id FROM updates WHERE id > @cursor ORDER BY id LIMIT @batch);",
            new { cursor, batch }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (upto == cursor)
        {
            return null;
        }

        var lookup = new FeedLookup(connection, transaction, cancellationToken);
        var items = new List<FeedItem>();
        await AddMessagesAsync(lookup, cursor, upto, items).ConfigureAwait(false);
        await AddSignaturesAsync(lookup, cursor, upto, items).ConfigureAwait(false);

        // In log order, so a bot sees a document's message before the signatures on it.
        var fed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items.OrderBy(i => i.LogId).ThenBy(i => i.BotId, StringComparer.Ordinal))
        {
            await InsertUpdateAsync(connection, transaction, item.BotId, item.Kind, item.Payload, now, cancellationToken).ConfigureAwait(false);
            fed.Add(item.BotId);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE bot_feed_cursor SET cursor = @upto WHERE id = 1;", new { upto }, transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return fed;
    }

    /// <summary>
    /// A message reaches the bots that are members (since before it was posted) of its conversation, except the bot
    /// that sent it; messages of bots reach no bot, as in Telegram, so two bots cannot loop.
    /// </summary>
    private static async Task AddMessagesAsync(FeedLookup lookup, long cursor, long upto, List<FeedItem> items)
    {
        var rows = await lookup.Connection.QueryAsync<(long LogId, string ConversationId, string Data, string BotId)>(new CommandDefinition(
            """
            SELECT u.id, u.conversation_id, u.data, m.user_id
            FROM updates u
            JOIN members m ON m.conversation_id = u.conversation_id
            JOIN bots b ON b.user_id = m.user_id
            WHERE u.id > @cursor AND u.id <= @upto AND u.kind = @kind AND u.user_id IS NULL
              AND m.visible_from < u.id
              AND json_extract(u.data, '$.senderId') IS NOT NULL
              AND json_extract(u.data, '$.senderId') <> m.user_id
              AND NOT EXISTS (SELECT 1 FROM bots sb WHERE sb.user_id = json_extract(u.data, '$.senderId'))
            ORDER BY u.id, m.user_id;
            """, new { cursor, upto, kind = UpdateKinds.MessageNew }, lookup.Transaction, cancellationToken: lookup.Cancellation))
            .ConfigureAwait(false);
        foreach (var (logId, conversationId, data, botId) in rows)
        {
            var message = JsonSerializer.Deserialize<ChatMessage>(data, ChatJson.Options)!;
            if (await lookup.ChatAsync(conversationId).ConfigureAwait(false) is not { } chat)
            {
                continue;
            }

            var sender = await lookup.UserAsync(message.SenderId!).ConfigureAwait(false);
            items.Add(new FeedItem(logId, botId, BotUpdateKinds.Message,
                JsonSerializer.Serialize(BotMessage.Of(message, sender, chat), BotJson.Options)));
        }
    }

    /// <summary>
    /// A signature added to a document whose signatures a bot asked for (its requestedBy is that bot) reaches that bot
    /// only, while it is a member of the chat; the document.updated entry names the signature it added, and the CMS
    /// comes from document_signatures. Other bots in the chat, and signatures on documents nobody asked about, give
    /// nothing.
    /// </summary>
    private static async Task AddSignaturesAsync(FeedLookup lookup, long cursor, long upto, List<FeedItem> items)
    {
        var rows = await lookup.Connection.QueryAsync<(long LogId, string ConversationId, string Data, string BotId, byte[] Cms)>(new CommandDefinition(
            """
            SELECT u.id, u.conversation_id, u.data, b.user_id, s.cms
            FROM updates u
            JOIN document_signatures s ON s.id = json_extract(u.data, '$.addedSignatureId')
            JOIN bots b ON b.user_id = json_extract(u.data, '$.document.requestedBy')
            JOIN members m ON m.conversation_id = u.conversation_id AND m.user_id = b.user_id
            WHERE u.id > @cursor AND u.id <= @upto AND u.kind = @kind AND u.user_id IS NULL
              AND json_extract(u.data, '$.document.signatureRequested') = 1
            ORDER BY u.id;
            """, new { cursor, upto, kind = DocumentUpdateKinds.Updated }, lookup.Transaction, cancellationToken: lookup.Cancellation))
            .ConfigureAwait(false);
        foreach (var (logId, conversationId, data, botId, cms) in rows)
        {
            var updated = JsonSerializer.Deserialize<DocumentUpdated>(data, ChatJson.Options)!;
            var signature = updated.Document.Signatures.FirstOrDefault(s => s.Id == updated.AddedSignatureId);
            if (signature is null || await lookup.ChatAsync(conversationId).ConfigureAwait(false) is not { } chat)
            {
                continue;
            }

            var signer = await lookup.UserAsync(signature.SignerUserId).ConfigureAwait(false);
            items.Add(new FeedItem(logId, botId, BotUpdateKinds.Signature, JsonSerializer.Serialize(
                BotSignature.Of(updated.Document, signature, cms, chat, updated.Seq, signer), BotJson.Options)));
        }
    }

    private sealed record FeedItem(long LogId, string BotId, string Kind, string Payload);

    /// <summary>Chats and users read inside the feed's transaction, once per batch.</summary>
    private sealed class FeedLookup(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        private readonly Dictionary<string, BotChat?> _chats = new(StringComparer.Ordinal);
        private readonly Dictionary<string, UserAccount?> _users = new(StringComparer.Ordinal);

        public DbConnection Connection => connection;

        public DbTransaction Transaction => transaction;

        public CancellationToken Cancellation => cancellationToken;

        public async Task<BotChat?> ChatAsync(string conversationId)
        {
            if (!_chats.TryGetValue(conversationId, out var chat))
            {
                var row = await connection.QuerySingleOrDefaultAsync<(long Kind, string Title)?>(new CommandDefinition(
                    "SELECT kind, title FROM conversations WHERE id = @conversationId;", new { conversationId }, transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                chat = _chats[conversationId] = row is { } r
                    ? BotChat.From(new Conversation(conversationId, (ConversationKind)r.Kind, r.Title, null, "", DateTimeOffset.UnixEpoch, 0, 0, null))
                    : null;
            }

            return chat;
        }

        public async Task<UserAccount?> UserAsync(string userId)
        {
            if (!_users.TryGetValue(userId, out var user))
            {
                var row = await connection.QuerySingleOrDefaultAsync<(string Id, string Username, string DisplayName, long IsBot)?>(
                    new CommandDefinition("SELECT id, username, display_name, is_bot FROM users WHERE id = @userId;", new { userId },
                        transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                user = _users[userId] = row is { } r
                    ? new UserAccount(r.Id, r.Username, r.DisplayName, "", DateTimeOffset.UnixEpoch) { IsBot = r.IsBot == 1 }
                    : null;
            }

            return user;
        }
    }
}
