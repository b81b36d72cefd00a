using System.Text.Json;
using Dapper;
using Messenger.ChatCore.Attachments;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Storage.Sqlite;

internal sealed partial class SqliteChatSession
{
    private const string MessageColumns =
        "msg.conversation_id AS ConversationId, msg.seq AS Seq, msg.kind AS Kind, msg.sender_id AS SenderId, " +
        "msg.client_message_id AS ClientMessageId, msg.text AS Text, msg.reply_to_seq AS ReplyToSeq, " +
        "msg.forwarded_json AS ForwardedJson, msg.system_json AS SystemJson, msg.sent_at AS SentAtMs, " +
        "msg.edited_at AS EditedAtMs, msg.deleted_at AS DeletedAtMs, msg.attachments_json AS AttachmentsJson, " +
        "msg.document_json AS DocumentJson, msg.reply_markup_json AS ReplyMarkupJson";

    public async Task<ChatMessage?> FindMessageAsync(string conversationId, long seq) =>
        (await connection.QuerySingleOrDefaultAsync<MessageRow>(Command(
            $"SELECT {MessageColumns} FROM messages msg WHERE msg.conversation_id = @conversationId AND msg.seq = @seq;",
            new { conversationId, seq })).ConfigureAwait(false))?.ToMessage();

    public async Task<ChatMessage?> FindByClientIdAsync(string conversationId, string senderId, string clientMessageId) =>
        (await connection.QuerySingleOrDefaultAsync<MessageRow>(Command(
            $"""
            SELECT {MessageColumns} FROM messages msg
            WHERE msg.conversation_id = @conversationId AND msg.sender_id = @senderId AND msg.client_message_id = @clientMessageId;
            """, new { conversationId, senderId, clientMessageId })).ConfigureAwait(false))?.ToMessage();

    public async Task<IReadOnlyList<ChatMessage>> HistoryAsync(
        string conversationId, string viewerId, long afterSeq, long beforeSeq, bool newestFirst, int limit)
    {
        var order = newestFirst ? "DESC" : "ASC";
        var rows = await connection.QueryAsync<MessageRow>(Command(
            $"""
            SELECT {MessageColumns} FROM messages msg
            WHERE msg.conversation_id = @conversationId AND msg.seq > @afterSeq AND msg.seq < @beforeSeq
              AND NOT EXISTS (SELECT 1 FROM hidden_messages h
                              WHERE h.user_id = @viewerId AND h.conversation_id = msg.conversation_id AND h.seq = msg.seq)
            ORDER BY msg.seq {order} LIMIT @limit;
            """, new { conversationId, viewerId, afterSeq, beforeSeq, limit })).ConfigureAwait(false);
        var messages = rows.Select(r => r.ToMessage()).OrderBy(m => m.Seq).ToList();
        return await WithReactionsAsync(conversationId, viewerId, messages).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MessageEdit>> ListEditsAsync(string conversationId, long seq) =>
        (await connection.QueryAsync<(string Text, long ReplacedAt)>(Command(
            """
            SELECT text, replaced_at FROM message_edits WHERE conversation_id = @conversationId AND seq = @seq
            ORDER BY rowid;
            """, new { conversationId, seq })).ConfigureAwait(false))
            .Select(e => new MessageEdit(e.Text, At(e.ReplacedAt))).ToList();

    public async Task InsertMessageAsync(ChatMessage message)
    {
        var id = await connection.ExecuteScalarAsync<long>(Command(
            """
            INSERT INTO messages (conversation_id, seq, kind, sender_id, client_message_id, text, reply_to_seq,
                                  forwarded_json, system_json, sent_at, attachments_json, document_json, reply_markup_json)
            VALUES (@ConversationId, @Seq, @Kind, @SenderId, @ClientMessageId, @Text, @ReplyToSeq,
                    @ForwardedJson, @SystemJson, @SentAt, @AttachmentsJson, @DocumentJson, @ReplyMarkupJson)
            RETURNING id;
            """,
            new
            {
                message.ConversationId, message.Seq, Kind = (int)message.Kind, message.SenderId, message.ClientMessageId,
                message.Text, message.ReplyToSeq,
                ForwardedJson = message.ForwardedFrom is null ? null : JsonSerializer.Serialize(message.ForwardedFrom, ChatJson.Options),
                SystemJson = message.System is null ? null : JsonSerializer.Serialize(message.System, ChatJson.Options),
                SentAt = Ms(message.SentAt),
                AttachmentsJson = message.Attachments.Count == 0 ? null : JsonSerializer.Serialize(message.Attachments, ChatJson.Options),
                DocumentJson = message.Document is null ? null : JsonSerializer.Serialize(message.Document, ChatJson.Options),
                ReplyMarkupJson = message.ReplyMarkup is null ? null : JsonSerializer.Serialize(message.ReplyMarkup, ChatJson.Options),
            })).ConfigureAwait(false);
        foreach (var attachment in message.Attachments)
        {
            await connection.ExecuteAsync(Command(
                """
                INSERT INTO message_attachments (attachment_id, conversation_id, seq) VALUES (@Id, @conversationId, @seq)
                ON CONFLICT DO NOTHING;
                """, new { attachment.Id, conversationId = message.ConversationId, seq = message.Seq })).ConfigureAwait(false);
        }

        if (message.Kind == MessageKind.Text)
        {
            await connection.ExecuteAsync(Command(
                "INSERT INTO message_search (rowid, text) VALUES (@id, @Text);", new { id, message.Text })).ConfigureAwait(false);
        }
    }

    public Task EditMessageAsync(string conversationId, long seq, string newText, string previousText, DateTimeOffset at) =>
        connection.ExecuteAsync(Command(
            """
            INSERT INTO message_edits (conversation_id, seq, text, replaced_at) VALUES (@conversationId, @seq, @previousText, @at);
            UPDATE messages SET text = @newText, edited_at = @at WHERE conversation_id = @conversationId AND seq = @seq;
            UPDATE message_search SET text = @newText
            WHERE rowid = (SELECT id FROM messages WHERE conversation_id = @conversationId AND seq = @seq);
            """, new { conversationId, seq, newText, previousText, at = Ms(at) }));

    /// <summary>
    /// Deleting for everyone drops the text, its edit history, reactions, search entry and attachment links (so the
    /// files are no longer readable through it); the seq stays as a tombstone.
    /// </summary>
    public Task DeleteMessageAsync(string conversationId, long seq, DateTimeOffset at) =>
        connection.ExecuteAsync(Command(
            """
            DELETE FROM message_search WHERE rowid = (SELECT id FROM messages WHERE conversation_id = @conversationId AND seq = @seq);
            DELETE FROM message_edits WHERE conversation_id = @conversationId AND seq = @seq;
            DELETE FROM reactions WHERE conversation_id = @conversationId AND seq = @seq;
            DELETE FROM message_attachments WHERE conversation_id = @conversationId AND seq = @seq;
            UPDATE messages SET text = '', attachments_json = NULL, document_json = NULL, deleted_at = @at WHERE conversation_id = @conversationId AND seq = @seq;
            """, new { conversationId, seq, at = Ms(at) }));

    public Task HideMessageAsync(string userId, string conversationId, long seq) =>
        connection.ExecuteAsync(Command(
            """
            INSERT INTO hidden_messages (user_id, conversation_id, seq) VALUES (@userId, @conversationId, @seq)
            ON CONFLICT DO NOTHING;
            """, new { userId, conversationId, seq }));

    public async Task<bool> AddReactionAsync(string conversationId, long seq, string userId, string emoji, DateTimeOffset at) =>
        await connection.ExecuteAsync(Command(
            """
            INSERT INTO reactions (conversation_id, seq, user_id, emoji, created_at) VALUES (@conversationId, @seq, @userId, @emoji, @at)
            ON CONFLICT DO NOTHING;
            """, new { conversationId, seq, userId, emoji, at = Ms(at) })).ConfigureAwait(false) > 0;

    public async Task<bool> RemoveReactionAsync(string conversationId, long seq, string userId, string emoji) =>
        await connection.ExecuteAsync(Command(
            """
            DELETE FROM reactions WHERE conversation_id = @conversationId AND seq = @seq AND user_id = @userId AND emoji = @emoji;
            """, new { conversationId, seq, userId, emoji })).ConfigureAwait(false) > 0;

    private async Task<IReadOnlyList<ChatMessage>> WithReactionsAsync(
        string conversationId, string viewerId, List<ChatMessage> messages)
    {
        if (messages.Count == 0)
        {
            return messages;
        }

        var seqs = messages.Select(m => m.Seq).ToArray();
        var rows = await connection.QueryAsync<(long Seq, string Emoji, long Count, long Mine)>(Command(
            """
            SELECT seq, emoji, COUNT(*), SUM(user_id = @viewerId) FROM reactions
            WHERE conversation_id = @conversationId AND seq IN @seqs
            GROUP BY seq, emoji ORDER BY seq, MIN(created_at);
            """, new { conversationId, viewerId, seqs })).ConfigureAwait(false);
        var bySeq = rows.GroupBy(r => r.Seq)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ReactionSummary>)g.Select(r => new ReactionSummary(r.Emoji, r.Count, r.Mine > 0)).ToList());
        return messages.Select(m => bySeq.TryGetValue(m.Seq, out var reactions) ? m with { Reactions = reactions } : m).ToList();
    }

    private sealed class MessageRow
    {
        public string ConversationId { get; set; } = "";
        public long Seq { get; set; }
        public long Kind { get; set; }
        public string? SenderId { get; set; }
        public string? ClientMessageId { get; set; }
        public string Text { get; set; } = "";
        public long? ReplyToSeq { get; set; }
        public string? ForwardedJson { get; set; }
        public string? SystemJson { get; set; }
        public long SentAtMs { get; set; }
        public long? EditedAtMs { get; set; }
        public long? DeletedAtMs { get; set; }
        public string? AttachmentsJson { get; set; }
        public string? DocumentJson { get; set; }

        public string? ReplyMarkupJson { get; set; }

        public ChatMessage ToMessage() => new(
            ConversationId, Seq, (MessageKind)Kind, SenderId, ClientMessageId, Text, ReplyToSeq,
            ForwardedJson is null ? null : JsonSerializer.Deserialize<ForwardedFrom>(ForwardedJson, ChatJson.Options),
            SystemJson is null ? null : JsonSerializer.Deserialize<SystemEvent>(SystemJson, ChatJson.Options),
            At(SentAtMs), EditedAtMs is { } edited ? At(edited) : null, DeletedAtMs is not null)
        {
            Attachments = AttachmentsJson is null || DeletedAtMs is not null
                ? []
                : JsonSerializer.Deserialize<Attachment[]>(AttachmentsJson, ChatJson.Options) ?? [],
            Document = DocumentJson is null || DeletedAtMs is not null
                ? null
                : JsonSerializer.Deserialize<Documents.DocumentInfo>(DocumentJson, ChatJson.Options),
            ReplyMarkup = ReplyMarkupJson is null || DeletedAtMs is not null
                ? null
                : JsonSerializer.Deserialize<Bots.InlineKeyboardMarkup>(ReplyMarkupJson, ChatJson.Options),
        };
    }
}
