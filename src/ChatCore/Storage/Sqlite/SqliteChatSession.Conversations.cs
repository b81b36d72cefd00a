using Dapper;
using Messenger.ChatCore.Conversations;

namespace Messenger.ChatCore.Storage.Sqlite;

internal sealed partial class SqliteChatSession
{
    private const string ConversationColumns =
        "c.id AS Id, c.kind AS Kind, c.title AS Title, c.avatar AS Avatar, c.created_by AS CreatedBy, " +
        "c.created_at AS CreatedAtMs, c.last_seq AS LastSeq, c.member_count AS MemberCount, c.pinned_seq AS PinnedSeq, " +
        "c.direct_key AS DirectKey";

    private const string MemberColumns =
        "m.conversation_id AS ConversationId, m.user_id AS UserId, m.role AS Role, m.joined_at AS JoinedAtMs, " +
        "m.visible_from AS VisibleFrom, m.delivered_seq AS DeliveredSeq, m.read_seq AS ReadSeq";

    public async Task<Conversation?> FindConversationAsync(string conversationId) =>
        (await connection.QuerySingleOrDefaultAsync<ConversationRow>(Command(
            $"SELECT {ConversationColumns} FROM conversations c WHERE c.id = @conversationId;", new { conversationId }))
            .ConfigureAwait(false))?.ToConversation();

    public async Task<Conversation?> FindDirectAsync(string directKey) =>
        (await connection.QuerySingleOrDefaultAsync<ConversationRow>(Command(
            $"SELECT {ConversationColumns} FROM conversations c WHERE c.direct_key = @directKey;", new { directKey }))
            .ConfigureAwait(false))?.ToConversation();

    public async Task<Member?> FindMemberAsync(string conversationId, string userId) =>
        (await connection.QuerySingleOrDefaultAsync<MemberRow>(Command(
            $"SELECT {MemberColumns} FROM members m WHERE m.conversation_id = @conversationId AND m.user_id = @userId;",
            new { conversationId, userId })).ConfigureAwait(false))?.ToMember();

    public async Task<SendTarget?> FindSendTargetAsync(string conversationId, string senderId, string clientMessageId)
    {
        // The subquery uses ux_messages_client_id, as FindByClientIdAsync does; one statement instead of three per send.
        var rows = await connection.QueryAsync<ConversationRow, MemberRow, ResendRow, SendTarget>(Command(
            $"""
            SELECT {ConversationColumns}, {MemberColumns},
                   (SELECT msg.seq FROM messages msg
                    WHERE msg.conversation_id = m.conversation_id AND msg.sender_id = m.user_id
                      AND msg.client_message_id = @clientMessageId) AS ResentSeq
            FROM members m JOIN conversations c ON c.id = m.conversation_id
            WHERE m.conversation_id = @conversationId AND m.user_id = @senderId;
            """, new { conversationId, senderId, clientMessageId }),
            (c, m, r) => new SendTarget(new Membership(c.ToConversation(), m.ToMember()), r?.ResentSeq),
            splitOn: "ConversationId,ResentSeq").ConfigureAwait(false);
        return rows.FirstOrDefault();
    }

    public async Task<IReadOnlyList<Member>> ListMembersAsync(string conversationId, int offset, int limit) =>
        (await connection.QueryAsync<MemberRow>(Command(
            $"""
            SELECT {MemberColumns} FROM members m WHERE m.conversation_id = @conversationId
            ORDER BY m.role DESC, m.joined_at, m.user_id LIMIT @limit OFFSET @offset;
            """, new { conversationId, offset, limit })).ConfigureAwait(false)).Select(r => r.ToMember()).ToList();

    public async Task<IReadOnlyList<ConversationSummary>> ListConversationsAsync(string userId)
    {
        var rows = await connection.QueryAsync<ConversationRow, MemberRow, (ConversationRow, MemberRow)>(Command(
            $"""
            SELECT {ConversationColumns}, {MemberColumns}
            FROM members m JOIN conversations c ON c.id = m.conversation_id
            WHERE m.user_id = @userId ORDER BY c.last_seq DESC, c.id;
            """, new { userId }), (c, m) => (c, m), splitOn: "ConversationId").ConfigureAwait(false);
        return rows.Select(pair =>
        {
            var (c, m) = pair;
            return new ConversationSummary(
                c.ToConversation(), (MemberRole)m.Role, m.DeliveredSeq, m.ReadSeq, Math.Max(0, c.LastSeq - m.ReadSeq),
                c.DirectKey is null ? null : DirectKey.PeerOf(c.DirectKey, userId));
        }).ToList();
    }

    public async Task<IReadOnlyList<string>> ListConversationIdsAsync(string userId) =>
        (await connection.QueryAsync<string>(Command(
            "SELECT conversation_id FROM members WHERE user_id = @userId;", new { userId })).ConfigureAwait(false)).ToList();

    public async Task<IReadOnlyList<string>> ListDirectPeersAsync(string userId) =>
        (await connection.QueryAsync<string>(Command(
            """
            SELECT other.user_id FROM members me
            JOIN conversations c ON c.id = me.conversation_id AND c.kind = 1
            JOIN members other ON other.conversation_id = me.conversation_id AND other.user_id <> me.user_id
            WHERE me.user_id = @userId;
            """, new { userId })).ConfigureAwait(false)).ToList();

    public Task InsertConversationAsync(Conversation conversation, string? directKey) =>
        connection.ExecuteAsync(Command(
            """
            INSERT INTO conversations (id, kind, title, avatar, direct_key, created_by, created_at, last_seq, member_count)
            VALUES (@Id, @Kind, @Title, @Avatar, @directKey, @CreatedBy, @CreatedAt, 0, 0);
            """,
            new
            {
                conversation.Id, Kind = (int)conversation.Kind, conversation.Title, conversation.Avatar, directKey,
                conversation.CreatedBy, CreatedAt = Ms(conversation.CreatedAt),
            }));

    public Task UpdateConversationAsync(string conversationId, string title, string? avatar) =>
        connection.ExecuteAsync(Command(
            "UPDATE conversations SET title = @title, avatar = @avatar WHERE id = @conversationId;",
            new { conversationId, title, avatar }));

    public Task SetPinnedAsync(string conversationId, long? seq) =>
        connection.ExecuteAsync(Command(
            "UPDATE conversations SET pinned_seq = @seq WHERE id = @conversationId;", new { conversationId, seq }));

    public Task<long> NextSeqAsync(string conversationId) =>
        connection.ExecuteScalarAsync<long>(Command(
            "UPDATE conversations SET last_seq = last_seq + 1 WHERE id = @conversationId RETURNING last_seq;",
            new { conversationId }));

    public Task AddMemberAsync(Member member) =>
        connection.ExecuteAsync(Command(
            """
            INSERT INTO members (conversation_id, user_id, role, joined_at, visible_from, delivered_seq, read_seq)
            VALUES (@ConversationId, @UserId, @Role, @JoinedAt, @VisibleFrom, @DeliveredSeq, @ReadSeq);
            UPDATE conversations SET member_count = member_count + 1 WHERE id = @ConversationId;
            """,
            new
            {
                member.ConversationId, member.UserId, Role = (int)member.Role, JoinedAt = Ms(member.JoinedAt),
                member.VisibleFrom, member.DeliveredSeq, member.ReadSeq,
            }));

    public Task RemoveMemberAsync(string conversationId, string userId) =>
        connection.ExecuteAsync(Command(
            """
            INSERT INTO past_members (conversation_id, user_id, visible_from, visible_until)
            SELECT conversation_id, user_id, visible_from, (SELECT COALESCE(MAX(id), 0) FROM updates)
            FROM members WHERE conversation_id = @conversationId AND user_id = @userId;
            DELETE FROM members WHERE conversation_id = @conversationId AND user_id = @userId;
            UPDATE conversations SET member_count = member_count - changes() WHERE id = @conversationId;
            """, new { conversationId, userId }));

    public Task SetRoleAsync(string conversationId, string userId, MemberRole role) =>
        connection.ExecuteAsync(Command(
            "UPDATE members SET role = @role WHERE conversation_id = @conversationId AND user_id = @userId;",
            new { conversationId, userId, role = (int)role }));

    public Task SetCursorsAsync(string conversationId, string userId, long deliveredSeq, long readSeq) =>
        connection.ExecuteAsync(Command(
            """
            UPDATE members SET delivered_seq = @deliveredSeq, read_seq = @readSeq
            WHERE conversation_id = @conversationId AND user_id = @userId;
            """, new { conversationId, userId, deliveredSeq, readSeq }));

    private sealed class ConversationRow
    {
        public string Id { get; set; } = "";
        public long Kind { get; set; }
        public string Title { get; set; } = "";
        public string? Avatar { get; set; }
        public string CreatedBy { get; set; } = "";
        public long CreatedAtMs { get; set; }
        public long LastSeq { get; set; }
        public long MemberCount { get; set; }
        public long? PinnedSeq { get; set; }
        public string? DirectKey { get; set; }

        public Conversation ToConversation() => new(
            Id, (ConversationKind)Kind, Title, Avatar, CreatedBy, At(CreatedAtMs), LastSeq, MemberCount, PinnedSeq);
    }

    private sealed class ResendRow
    {
        public long? ResentSeq { get; set; }
    }

    private sealed class MemberRow
    {
        public string ConversationId { get; set; } = "";
        public string UserId { get; set; } = "";
        public long Role { get; set; }
        public long JoinedAtMs { get; set; }
        public long VisibleFrom { get; set; }
        public long DeliveredSeq { get; set; }
        public long ReadSeq { get; set; }

        public Member ToMember() => new(
            ConversationId, UserId, (MemberRole)Role, At(JoinedAtMs), VisibleFrom, DeliveredSeq, ReadSeq);
    }
}
