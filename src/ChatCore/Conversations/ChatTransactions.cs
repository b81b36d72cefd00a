using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Storage;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Conversations;

/// <summary>A conversation together with the caller's membership in it.</summary>
public sealed record Membership(Conversation Conversation, Member Member);

/// <summary>
/// Runs a change in one store transaction and, once it has committed, hands its update-log entries to the sink that
/// pushes them to devices. Publishing after the commit is what makes a pushed event always findable by /api/sync.
/// </summary>
public sealed class ChatTransactions(IChatStore store, IChatUpdateSink sink, IEnumerable<IChatUpdateListener>? listeners = null)
{
    private readonly IChatUpdateListener[] _listeners = listeners?.ToArray() ?? [];

    public IChatStore Store => store;

    public async Task<Result<T>> RunAsync<T>(Func<IChatWriter, Task<Result<T>>> work, CancellationToken cancellationToken)
    {
        var (result, updates) = await store.WriteAsync(work, cancellationToken).ConfigureAwait(false);
        if (updates.Count > 0)
        {
            // Not the caller's token: once committed, the push should happen even if the caller has gone.
            await sink.PublishAsync(updates, CancellationToken.None).ConfigureAwait(false);
            foreach (var listener in _listeners)
            {
                listener.OnCommitted(updates);
            }
        }

        return result;
    }

    /// <summary>The conversation and the user's membership, or "not found" for non-members and unknown ids alike.</summary>
    public static async Task<Result<Membership>> RequireMemberAsync(IChatReader reader, string? conversationId, string userId)
    {
        if (string.IsNullOrEmpty(conversationId))
        {
            return ChatErrors.NotMember();
        }

        var member = await reader.FindMemberAsync(conversationId, userId).ConfigureAwait(false);
        var conversation = member is null ? null : await reader.FindConversationAsync(conversationId).ConfigureAwait(false);
        return conversation is null ? ChatErrors.NotMember() : new Membership(conversation, member!);
    }

    /// <summary>As <see cref="RequireMemberAsync"/>, and the membership must be of at least <paramref name="role"/>.</summary>
    public static async Task<Result<Membership>> RequireRoleAsync(
        IChatReader reader, string? conversationId, string userId, MemberRole role, string action)
    {
        var access = await RequireMemberAsync(reader, conversationId, userId).ConfigureAwait(false);
        if (!access.IsSuccess)
        {
            return access;
        }

        if (access.Value!.Conversation.Kind == ConversationKind.Direct)
        {
            return ChatErrors.Forbidden("conversationId", "A direct conversation has no admins; it cannot be managed.");
        }

        return access.Value.Member.Role >= role
            ? access
            : ChatErrors.Forbidden("role", $"Only {role.ToString().ToLowerInvariant()}s may {action}.");
    }
}
