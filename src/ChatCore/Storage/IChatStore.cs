using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Storage;

/// <summary>
/// Conversations, messages and the update log. Every change runs inside <see cref="WriteAsync{T}"/>: one transaction
/// that commits only when the work succeeds, so a message and its update-log entries are never half-written. The
/// rules live in the services, not here, so another engine (PostgreSQL) only has to implement these primitives.
/// </summary>
public interface IChatStore
{
    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction; commits when it returns success and rolls back
    /// otherwise. Returns the result and the updates appended (empty when rolled back).
    /// </summary>
    Task<(Result<T> Result, IReadOnlyList<ChatUpdate> Updates)> WriteAsync<T>(
        Func<IChatWriter, Task<Result<T>>> work, CancellationToken cancellationToken);

    Task<T> ReadAsync<T>(Func<IChatReader, Task<T>> work, CancellationToken cancellationToken);
}

public interface IChatReader
{
    Task<Conversation?> FindConversationAsync(string conversationId);

    Task<Conversation?> FindDirectAsync(string directKey);

    Task<Member?> FindMemberAsync(string conversationId, string userId);

    /// <summary>
    /// What a send to a conversation needs, in one statement: the conversation with the sender's membership, and the
    /// seq of the sender's earlier message with this client message id, if any. Null when the sender is not a member.
    /// </summary>
    Task<SendTarget?> FindSendTargetAsync(string conversationId, string senderId, string clientMessageId);

    Task<IReadOnlyList<Member>> ListMembersAsync(string conversationId, int offset, int limit);

    Task<IReadOnlyList<ConversationSummary>> ListConversationsAsync(string userId);

    Task<IReadOnlyList<string>> ListConversationIdsAsync(string userId);

    /// <summary>Users who share a direct conversation with <paramref name="userId"/>.</summary>
    Task<IReadOnlyList<string>> ListDirectPeersAsync(string userId);

    Task<ChatMessage?> FindMessageAsync(string conversationId, long seq);

    Task<ChatMessage?> FindByClientIdAsync(string conversationId, string senderId, string clientMessageId);

    /// <summary>Messages with seq in (<paramref name="afterSeq"/>, <paramref name="beforeSeq"/>), ascending, without those the viewer hid.</summary>
    Task<IReadOnlyList<ChatMessage>> HistoryAsync(
        string conversationId, string viewerId, long afterSeq, long beforeSeq, bool newestFirst, int limit);

    Task<IReadOnlyList<MessageEdit>> ListEditsAsync(string conversationId, long seq);

    /// <summary>Full-text search over the viewer's conversations (or one of them), newest first.</summary>
    Task<IReadOnlyList<ChatMessage>> SearchAsync(string viewerId, string? conversationId, string ftsQuery, int limit);

    /// <summary>The viewer's own log merged with the logs of conversations they belong to, after <paramref name="since"/>.</summary>
    Task<IReadOnlyList<ChatUpdate>> ReadUpdatesAsync(string userId, long since, int limit);

    Task<long> LastUpdateCursorAsync();
}

public interface IChatWriter : IChatReader
{
    Task InsertConversationAsync(Conversation conversation, string? directKey);

    Task UpdateConversationAsync(string conversationId, string title, string? avatar);

    Task SetPinnedAsync(string conversationId, long? seq);

    /// <summary>Reserves the conversation's next seq.</summary>
    Task<long> NextSeqAsync(string conversationId);

    Task AddMemberAsync(Member member);

    Task RemoveMemberAsync(string conversationId, string userId);

    Task SetRoleAsync(string conversationId, string userId, MemberRole role);

    Task SetCursorsAsync(string conversationId, string userId, long deliveredSeq, long readSeq);

    Task InsertMessageAsync(ChatMessage message);

    /// <summary>Replaces the text and keeps <paramref name="previousText"/> in the edit history.</summary>
    Task EditMessageAsync(string conversationId, long seq, string newText, string previousText, DateTimeOffset at);

    Task DeleteMessageAsync(string conversationId, long seq, DateTimeOffset at);

    Task HideMessageAsync(string userId, string conversationId, long seq);

    Task<bool> AddReactionAsync(string conversationId, long seq, string userId, string emoji, DateTimeOffset at);

    Task<bool> RemoveReactionAsync(string conversationId, long seq, string userId, string emoji);

    /// <summary>
    /// Appends to the log: to one user's when <paramref name="userId"/> is set, else to the conversation's log that
    /// all its members read.
    /// </summary>
    Task<ChatUpdate> AppendUpdateAsync(string kind, string? conversationId, string? userId, object data, DateTimeOffset at);
}

/// <summary>The sender's membership, and <paramref name="ResentSeq"/> when the client message id was already used.</summary>
public sealed record SendTarget(Membership Membership, long? ResentSeq);
