using System.Text.Json;
using Dapper;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Storage.Sqlite;

internal sealed partial class SqliteChatSession
{
    public async Task<ChatUpdate> AppendUpdateAsync(string kind, string? conversationId, string? userId, object data, DateTimeOffset at)
    {
        // Serialised once: the stored text is the element's own JSON, so the log and the push carry the same bytes.
        var element = JsonSerializer.SerializeToElement(data, data.GetType(), ChatJson.Options);
        var json = element.GetRawText();
        var cursor = await connection.ExecuteScalarAsync<long>(Command(
            """
            INSERT INTO updates (user_id, conversation_id, kind, data, created_at) VALUES (@userId, @conversationId, @kind, @json, @at)
            RETURNING id;
            """, new { userId, conversationId, kind, json, at = Ms(at) })).ConfigureAwait(false);
        var update = new ChatUpdate(cursor, kind, conversationId, userId, at, element);
        _appended.Add(update);
        return update;
    }

    /// <summary>
    /// The user's own entries merged with the conversation logs they can read: each from the point they joined
    /// (visible_from) or the cursor, whichever is later, and for former memberships up to when they ended. Each part
    /// uses its partial index on (owner, id).
    /// </summary>
    public async Task<IReadOnlyList<ChatUpdate>> ReadUpdatesAsync(string userId, long since, int limit)
    {
        var rows = await connection.QueryAsync<UpdateRow>(Command(
            """
            SELECT id AS Cursor, kind AS Kind, conversation_id AS ConversationId, user_id AS UserId, data AS Data, created_at AS AtMs
            FROM (
                SELECT u.id, u.kind, u.conversation_id, u.user_id, u.data, u.created_at
                FROM updates u WHERE u.user_id = @userId AND u.id > @since
                UNION ALL
                SELECT u.id, u.kind, u.conversation_id, u.user_id, u.data, u.created_at
                FROM members m JOIN updates u
                  ON u.conversation_id = m.conversation_id AND u.user_id IS NULL AND u.id > MAX(@since, m.visible_from)
                WHERE m.user_id = @userId
                UNION ALL
                SELECT u.id, u.kind, u.conversation_id, u.user_id, u.data, u.created_at
                FROM past_members p JOIN updates u
                  ON u.conversation_id = p.conversation_id AND u.user_id IS NULL
                 AND u.id > MAX(@since, p.visible_from) AND u.id <= p.visible_until
                WHERE p.user_id = @userId AND p.visible_until > @since
            )
            ORDER BY id LIMIT @limit;
            """, new { userId, since, limit })).ConfigureAwait(false);
        return rows.Select(r =>
        {
            using var document = JsonDocument.Parse(r.Data);
            return new ChatUpdate(r.Cursor, r.Kind, r.ConversationId, r.UserId, At(r.AtMs), document.RootElement.Clone());
        }).ToList();
    }

    public Task<long> LastUpdateCursorAsync() =>
        connection.ExecuteScalarAsync<long>(Command("SELECT COALESCE(MAX(id), 0) FROM updates;"));

    /// <summary>
    /// Full-text search. The query reaches FTS5 already quoted term by term (see SearchQuery), so user input can't
    /// use FTS5 syntax. Only conversations the viewer is a member of, and not messages they hid.
    /// </summary>
    public async Task<IReadOnlyList<ChatMessage>> SearchAsync(string viewerId, string? conversationId, string ftsQuery, int limit)
    {
        var rows = await connection.QueryAsync<MessageRow>(Command(
            $"""
            SELECT {MessageColumns}
            FROM message_search s
            JOIN messages msg ON msg.id = s.rowid
            JOIN members mb ON mb.conversation_id = msg.conversation_id AND mb.user_id = @viewerId
            WHERE message_search MATCH @ftsQuery
              AND (@conversationId IS NULL OR msg.conversation_id = @conversationId)
              AND msg.deleted_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM hidden_messages h
                              WHERE h.user_id = @viewerId AND h.conversation_id = msg.conversation_id AND h.seq = msg.seq)
            ORDER BY msg.sent_at DESC, msg.id DESC LIMIT @limit;
            """, new { viewerId, conversationId, ftsQuery, limit })).ConfigureAwait(false);
        return rows.Select(r => r.ToMessage()).ToList();
    }

    private sealed class UpdateRow
    {
        public long Cursor { get; set; }
        public string Kind { get; set; } = "";
        public string? ConversationId { get; set; }
        public string? UserId { get; set; }
        public string Data { get; set; } = "";
        public long AtMs { get; set; }
    }
}
