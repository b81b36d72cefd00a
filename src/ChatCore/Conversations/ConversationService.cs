using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Storage;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Conversations;

public sealed record MemberChangeData(string UserId, MemberRole Role, string? ActorId);

public sealed record ConversationRemovedData(string ConversationId, string? ActorId);

/// <summary>
/// Groups and channels: creating them, membership (add, remove, leave, join a channel), roles and title. Direct
/// conversations are made by <see cref="MessageService"/> with the first message.
/// </summary>
public sealed class ConversationService(ChatTransactions transactions, UserDirectory directory, ChatOptions options, TimeProvider clock)
{
    public const int MaxInitialMembers = 200;
    public const int MaxMembersPage = 200;

    public async Task<Result<Conversation>> CreateAsync(
        string ownerId, ConversationKind kind, string? title, IReadOnlyList<string>? memberIds, CancellationToken cancellationToken)
    {
        if (kind is not (ConversationKind.Group or ConversationKind.Channel))
        {
            return ChatErrors.Invalid("kind", "Create a group or a channel; a direct conversation starts with its first message.");
        }

        var others = (memberIds ?? []).Where(id => !string.Equals(id, ownerId, StringComparison.Ordinal)).Distinct().ToList();
        var error = MessageRules.CheckTitle(title, options.MaxTitleLength)
            ?? (others.Count > MaxInitialMembers
                ? ChatErrors.Invalid("memberIds", $"Add at most {MaxInitialMembers} members at creation; add more afterwards.")
                : null)
            ?? (kind == ConversationKind.Group && others.Count + 1 > options.MaxGroupMembers
                ? ChatErrors.Invalid("memberIds", $"A group holds at most {options.MaxGroupMembers} members.")
                : null);
        if (error is not null)
        {
            return error;
        }

        foreach (var id in others)
        {
            if (await CheckInviteeAsync(ownerId, id, cancellationToken).ConfigureAwait(false) is { } refused)
            {
                return refused with { Field = "memberIds" };
            }
        }

        var now = clock.GetUtcNowMs();
        var conversation = new Conversation(Guid.CreateVersion7().ToString("N"), kind, title!.Trim(), null, ownerId, now, 0, 0, null);
        return await transactions.RunAsync<Conversation>(async writer =>
        {
            await writer.InsertConversationAsync(conversation, null).ConfigureAwait(false);
            await MessagePosting.AddMemberAsync(writer, conversation, ownerId, MemberRole.Owner, null, now).ConfigureAwait(false);
            foreach (var id in others)
            {
                await MessagePosting.AddMemberAsync(writer, conversation, id, MemberRole.Member, null, now).ConfigureAwait(false);
            }

            await MessagePosting.PostSystemAsync(writer, conversation.Id,
                new SystemEvent(SystemEvents.Created, ownerId, Title: conversation.Title), now).ConfigureAwait(false);
            return (await writer.FindConversationAsync(conversation.Id).ConfigureAwait(false))!;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Result<Member>> AddMemberAsync(
        string actorId, string conversationId, string userId, CancellationToken cancellationToken)
    {
        if (await CheckInviteeAsync(actorId, userId, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var now = clock.GetUtcNowMs();
        return await transactions.RunAsync<Member>(async writer =>
        {
            var access = await ChatTransactions.RequireRoleAsync(writer, conversationId, actorId, MemberRole.Admin, "add members")
                .ConfigureAwait(false);
            if (!access.IsSuccess)
            {
                return access.Error!;
            }

            var conversation = access.Value!.Conversation;
            if (await writer.FindMemberAsync(conversationId, userId).ConfigureAwait(false) is { } existing)
            {
                return existing; // adding a member twice is not an error (PUT is idempotent)
            }

            if (conversation.Kind == ConversationKind.Group && conversation.MemberCount >= options.MaxGroupMembers)
            {
                return ChatErrors.Conflict("conversationId", $"The group is full ({options.MaxGroupMembers} members).");
            }

            return await JoinAsync(writer, conversation, userId, actorId, now).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Subscribes the caller to a channel; a channel's id is its invitation.</summary>
    public Task<Result<Member>> JoinChannelAsync(string userId, string conversationId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowMs();
        return transactions.RunAsync<Member>(async writer =>
        {
            var conversation = await writer.FindConversationAsync(conversationId).ConfigureAwait(false);
            if (conversation is not { Kind: ConversationKind.Channel })
            {
                return ChatErrors.NotMember();
            }

            return await writer.FindMemberAsync(conversationId, userId).ConfigureAwait(false) is { } existing
                ? existing
                : await JoinAsync(writer, conversation, userId, null, now).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Removes <paramref name="userId"/>; removing yourself is leaving.</summary>
    public Task<Result<bool>> RemoveMemberAsync(string actorId, string conversationId, string userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowMs();
        var leaving = string.Equals(actorId, userId, StringComparison.Ordinal);
        return transactions.RunAsync<bool>(async writer =>
        {
            var access = leaving
                ? await ChatTransactions.RequireMemberAsync(writer, conversationId, actorId).ConfigureAwait(false)
                : await ChatTransactions.RequireRoleAsync(writer, conversationId, actorId, MemberRole.Admin, "remove members").ConfigureAwait(false);
            if (!access.IsSuccess)
            {
                return access.Error!;
            }

            var (conversation, actor) = (access.Value!.Conversation, access.Value.Member);
            var target = leaving ? actor : await writer.FindMemberAsync(conversationId, userId).ConfigureAwait(false);
            if (target is null)
            {
                return new DirectoryError(DirectoryErrorKind.NotFound, "userId", "That user is not a member.");
            }

            var refusal = conversation.Kind == ConversationKind.Direct
                ? ChatErrors.Forbidden("conversationId", "You cannot leave a direct conversation; delete its messages instead.")
                : leaving && actor.Role == MemberRole.Owner && conversation.MemberCount > 1
                    ? ChatErrors.Forbidden("role", "The owner must transfer ownership before leaving.")
                    : !leaving && actor.Role <= target.Role
                        ? ChatErrors.Forbidden("role", "You can only remove members of a lower role.")
                        : null;
            if (refusal is not null)
            {
                return refusal;
            }

            await writer.RemoveMemberAsync(conversationId, userId).ConfigureAwait(false);
            if (conversation.Kind == ConversationKind.Group)
            {
                await writer.AppendUpdateAsync(UpdateKinds.MemberLeft, conversationId, null,
                    new MemberChangeData(userId, target.Role, leaving ? null : actorId), now).ConfigureAwait(false);
                await MessagePosting.PostSystemAsync(writer, conversationId, leaving
                    ? new SystemEvent(SystemEvents.MemberLeft, userId, userId)
                    : new SystemEvent(SystemEvents.MemberRemoved, actorId, userId), now).ConfigureAwait(false);
            }

            await writer.AppendUpdateAsync(UpdateKinds.ConversationRemoved, conversationId, userId,
                new ConversationRemovedData(conversationId, leaving ? null : actorId), now).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>Only the owner changes roles; giving <see cref="MemberRole.Owner"/> away transfers ownership.</summary>
    public Task<Result<Member>> SetRoleAsync(
        string actorId, string conversationId, string userId, MemberRole role, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowMs();
        return transactions.RunAsync<Member>(async writer =>
        {
            var access = await ChatTransactions.RequireRoleAsync(writer, conversationId, actorId, MemberRole.Owner, "change roles")
                .ConfigureAwait(false);
            if (!access.IsSuccess)
            {
                return access.Error!;
            }

            var target = await writer.FindMemberAsync(conversationId, userId).ConfigureAwait(false);
            if (target is null)
            {
                return new DirectoryError(DirectoryErrorKind.NotFound, "userId", "That user is not a member.");
            }

            if (string.Equals(actorId, userId, StringComparison.Ordinal) || !Enum.IsDefined(role))
            {
                return ChatErrors.Invalid("role", "Give another member the role member, admin or owner.");
            }

            await writer.SetRoleAsync(conversationId, userId, role).ConfigureAwait(false);
            await writer.AppendUpdateAsync(UpdateKinds.MemberRole, conversationId, null,
                new MemberChangeData(userId, role, actorId), now).ConfigureAwait(false);
            if (role == MemberRole.Owner)
            {
                await writer.SetRoleAsync(conversationId, actorId, MemberRole.Admin).ConfigureAwait(false);
                await writer.AppendUpdateAsync(UpdateKinds.MemberRole, conversationId, null,
                    new MemberChangeData(actorId, MemberRole.Admin, actorId), now).ConfigureAwait(false);
            }

            return target with { Role = role };
        }, cancellationToken);
    }

    public Task<Result<Conversation>> UpdateAsync(
        string actorId, string conversationId, string? title, string? avatar, CancellationToken cancellationToken)
    {
        if (title is not null && MessageRules.CheckTitle(title, options.MaxTitleLength) is { } invalid)
        {
            return Task.FromResult<Result<Conversation>>(invalid);
        }

        var now = clock.GetUtcNowMs();
        return transactions.RunAsync<Conversation>(async writer =>
        {
            var access = await ChatTransactions.RequireRoleAsync(writer, conversationId, actorId, MemberRole.Admin, "change the title")
                .ConfigureAwait(false);
            if (!access.IsSuccess)
            {
                return access.Error!;
            }

            var before = access.Value!.Conversation;
            var newTitle = title?.Trim() ?? before.Title;
            await writer.UpdateConversationAsync(conversationId, newTitle, avatar ?? before.Avatar).ConfigureAwait(false);
            var after = (await writer.FindConversationAsync(conversationId).ConfigureAwait(false))!;
            await writer.AppendUpdateAsync(UpdateKinds.ConversationUpdated, conversationId, null, after, now).ConfigureAwait(false);
            if (!string.Equals(before.Title, newTitle, StringComparison.Ordinal))
            {
                await MessagePosting.PostSystemAsync(writer, conversationId,
                    new SystemEvent(SystemEvents.TitleChanged, actorId, Title: newTitle), now).ConfigureAwait(false);
            }

            return (await writer.FindConversationAsync(conversationId).ConfigureAwait(false))!;
        }, cancellationToken);
    }

    public Task<Result<ConversationSummary>> GetAsync(string userId, string conversationId, CancellationToken cancellationToken) =>
        transactions.Store.ReadAsync(async reader =>
        {
            var list = await reader.ListConversationsAsync(userId).ConfigureAwait(false);
            var found = list.FirstOrDefault(s => string.Equals(s.Conversation.Id, conversationId, StringComparison.Ordinal));
            return found is null ? ChatErrors.NotMember() : Result<ConversationSummary>.Ok(found);
        }, cancellationToken);

    public Task<IReadOnlyList<ConversationSummary>> ListAsync(string userId, CancellationToken cancellationToken) =>
        transactions.Store.ReadAsync(reader => reader.ListConversationsAsync(userId), cancellationToken);

    /// <summary>Members of a group; a channel's subscribers only for its admins, as in Telegram.</summary>
    public Task<Result<IReadOnlyList<Member>>> ListMembersAsync(
        string userId, string conversationId, int offset, int limit, CancellationToken cancellationToken)
    {
        if (offset < 0 || limit is < 1 or > MaxMembersPage)
        {
            return Task.FromResult<Result<IReadOnlyList<Member>>>(offset < 0
                ? ChatErrors.Invalid("offset", "Offset must not be negative.")
                : ChatErrors.Invalid("limit", $"Limit must be 1-{MaxMembersPage}."));
        }

        return transactions.Store.ReadAsync<Result<IReadOnlyList<Member>>>(async reader =>
        {
            var access = await ChatTransactions.RequireMemberAsync(reader, conversationId, userId).ConfigureAwait(false);
            if (!access.IsSuccess)
            {
                return access.Error!;
            }

            if (access.Value!.Conversation.Kind == ConversationKind.Channel && access.Value.Member.Role < MemberRole.Admin)
            {
                return ChatErrors.Forbidden("role", "Only admins may list a channel's subscribers.");
            }

            return Result<IReadOnlyList<Member>>.Ok(await reader.ListMembersAsync(conversationId, offset, limit).ConfigureAwait(false));
        }, cancellationToken);
    }

    private static async Task<Member> JoinAsync(IChatWriter writer, Conversation conversation, string userId, string? actorId, DateTimeOffset now)
    {
        var member = await MessagePosting.AddMemberAsync(writer, conversation, userId, MemberRole.Member, null, now).ConfigureAwait(false);
        // A channel's subscribers come and go silently: no per-join entry that every subscriber would read.
        if (conversation.Kind == ConversationKind.Group)
        {
            await writer.AppendUpdateAsync(UpdateKinds.MemberJoined, conversation.Id, null,
                new MemberChangeData(userId, MemberRole.Member, actorId), now).ConfigureAwait(false);
            await MessagePosting.PostSystemAsync(writer, conversation.Id,
                new SystemEvent(SystemEvents.MemberJoined, actorId, userId), now).ConfigureAwait(false);
        }

        return member;
    }

    private async Task<DirectoryError?> CheckInviteeAsync(string actorId, string userId, CancellationToken cancellationToken)
    {
        if (await directory.FindAsync(userId, cancellationToken).ConfigureAwait(false) is null)
        {
            return ChatErrors.NoUser();
        }

        return await directory.HasBlockedAsync(userId, actorId, cancellationToken).ConfigureAwait(false)
            ? ChatErrors.Forbidden("userId", "This user has blocked you.")
            : null;
    }
}
