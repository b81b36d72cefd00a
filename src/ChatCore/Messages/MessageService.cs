using Messenger.ChatCore.Attachments;
using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Storage;

namespace Messenger.ChatCore.Messages;

/// <summary>What a client sends: to a conversation, or to a user (which finds or creates the direct conversation).</summary>
public sealed record SendMessage(
    string? ConversationId, string? ToUserId, string? ClientMessageId, string? Text, long? ReplyToSeq,
    IReadOnlyList<string>? AttachmentIds = null);

/// <summary>The stored message, and whether this call created it (false for an idempotent resend).</summary>
public sealed record SendOutcome(ChatMessage Message, bool Created);

/// <summary>
/// Posting messages: text, forwards and system messages. A resend with the same client message id returns the
/// original, which with client retries gives at-least-once delivery without duplicates.
/// </summary>
public sealed class MessageService(
    ChatTransactions transactions, UserDirectory directory, AttachmentService attachments, ChatOptions options, TimeProvider clock)
{
    public Task<Result<SendOutcome>> SendAsync(string senderId, SendMessage request, CancellationToken cancellationToken) =>
        SendAsync(senderId, request, null, cancellationToken);

    /// <summary>As above with inline buttons; only the bots' API (ChatCore/Bots) passes them, users cannot.</summary>
    internal async Task<Result<SendOutcome>> SendAsync(
        string senderId, SendMessage request, Bots.InlineKeyboardMarkup? replyMarkup, CancellationToken cancellationToken)
    {
        var invalid = MessageRules.CheckClientMessageId(request.ClientMessageId)
            ?? MessageRules.CheckText(request.Text, options.MaxMessageLength, request.AttachmentIds is { Count: > 0 })
            ?? (request.ConversationId is null == request.ToUserId is null
                ? ChatErrors.Invalid("conversationId", "Give either conversationId or toUserId.")
                : null);
        if (invalid is not null)
        {
            return invalid;
        }

        if (request.ToUserId is { } peerId)
        {
            if (string.Equals(peerId, senderId, StringComparison.Ordinal))
            {
                return ChatErrors.Invalid("toUserId", "You cannot start a direct conversation with yourself.");
            }

            if (await directory.FindAsync(peerId, cancellationToken).ConfigureAwait(false) is null)
            {
                return ChatErrors.NoUser() with { Field = "toUserId" };
            }
        }

        var files = await attachments.ResolveOwnAsync(senderId, request.AttachmentIds, cancellationToken).ConfigureAwait(false);
        if (!files.IsSuccess)
        {
            return files.Error!;
        }

        var now = clock.GetUtcNowMs();
        return await transactions.RunAsync<SendOutcome>(async writer =>
        {
            if (request.ToUserId is null)
            {
                // The common case: membership and the idempotency lookup in one statement, checked in the same order.
                var probe = string.IsNullOrEmpty(request.ConversationId)
                    ? null
                    : await writer.FindSendTargetAsync(request.ConversationId, senderId, request.ClientMessageId!).ConfigureAwait(false);
                if (probe is null)
                {
                    return ChatErrors.NotMember();
                }

                if (probe.ResentSeq is { } resent)
                {
                    return new SendOutcome((await writer.FindMessageAsync(request.ConversationId!, resent).ConfigureAwait(false))!, false);
                }

                return await PostTextAsync(writer, probe.Membership, senderId, request.ClientMessageId!, request.Text ?? "",
                    request.ReplyToSeq, null, files.Value!, now, cancellationToken, replyMarkup, resendChecked: true).ConfigureAwait(false);
            }

            var target = await FindOrCreateDirectAsync(writer, senderId, request.ToUserId, now).ConfigureAwait(false);
            if (!target.IsSuccess)
            {
                return target.Error!;
            }

            return await PostTextAsync(writer, target.Value!, senderId, request.ClientMessageId!, request.Text ?? "",
                request.ReplyToSeq, null, files.Value!, now, cancellationToken, replyMarkup).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Copies a message into another conversation the caller may post in, keeping where it came from.</summary>
    public Task<Result<SendOutcome>> ForwardAsync(
        string userId, string fromConversationId, long seq, string toConversationId, string? clientMessageId,
        CancellationToken cancellationToken)
    {
        if (MessageRules.CheckClientMessageId(clientMessageId) is { } invalid)
        {
            return Task.FromResult<Result<SendOutcome>>(invalid);
        }

        var now = clock.GetUtcNowMs();
        return transactions.RunAsync<SendOutcome>(async writer =>
        {
            var source = await ChatTransactions.RequireMemberAsync(writer, fromConversationId, userId).ConfigureAwait(false);
            if (!source.IsSuccess)
            {
                return source.Error!;
            }

            var target = await ChatTransactions.RequireMemberAsync(writer, toConversationId, userId).ConfigureAwait(false);
            if (!target.IsSuccess)
            {
                return target.Error! with { Field = "toConversationId" };
            }

            var original = await writer.FindMessageAsync(fromConversationId, seq).ConfigureAwait(false);
            if (original is not { Kind: MessageKind.Text, Deleted: false })
            {
                return ChatErrors.NoMessage();
            }

            // Forwarding a forward credits the first author, as Telegram does.
            var origin = original.ForwardedFrom ?? new ForwardedFrom(fromConversationId, seq, original.SenderId);
            return await PostTextAsync(writer, target.Value!, userId, clientMessageId!, original.Text, null, origin,
                original.Attachments, now, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Posts a system message, e.g. call started or ended (the calls issue uses this).</summary>
    public Task<Result<ChatMessage>> PostSystemAsync(string conversationId, SystemEvent system, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowMs();
        return transactions.RunAsync<ChatMessage>(async writer =>
            await writer.FindConversationAsync(conversationId).ConfigureAwait(false) is null
                ? ChatErrors.NotMember()
                : await MessagePosting.PostSystemAsync(writer, conversationId, system, now).ConfigureAwait(false),
            cancellationToken);
    }

    private async Task<Result<SendOutcome>> PostTextAsync(
        IChatWriter writer, Membership target, string senderId, string clientMessageId, string text, long? replyToSeq,
        ForwardedFrom? forwarded, IReadOnlyList<Attachment> files, DateTimeOffset now, CancellationToken cancellationToken,
        Bots.InlineKeyboardMarkup? replyMarkup = null, bool resendChecked = false)
    {
        var conversation = target.Conversation;
        if (!resendChecked
            && await writer.FindByClientIdAsync(conversation.Id, senderId, clientMessageId).ConfigureAwait(false) is { } original)
        {
            return new SendOutcome(original, false);
        }

        if (conversation.Kind == ConversationKind.Channel && target.Member.Role < MemberRole.Admin)
        {
            return ChatErrors.Forbidden("conversationId", "Only admins post in a channel.");
        }

        if (conversation.Kind == ConversationKind.Direct
            && await PeerBlockedAsync(writer, conversation.Id, senderId, cancellationToken).ConfigureAwait(false))
        {
            return ChatErrors.Forbidden("toUserId", "This user does not accept messages from you.");
        }

        if (replyToSeq is { } reply && await writer.FindMessageAsync(conversation.Id, reply).ConfigureAwait(false) is null)
        {
            return ChatErrors.Invalid("replyToSeq", "The message replied to is not in this conversation.");
        }

        var message = await MessagePosting.PostAsync(
            writer, conversation.Id, senderId, clientMessageId, text, replyToSeq, forwarded, null, now, files, replyMarkup: replyMarkup).ConfigureAwait(false);
        return new SendOutcome(message, true);
    }

    private static async Task<Result<Membership>> FindOrCreateDirectAsync(IChatWriter writer, string senderId, string peerId, DateTimeOffset now)
    {
        var key = DirectKey.For(senderId, peerId);
        var conversation = await writer.FindDirectAsync(key).ConfigureAwait(false);
        if (conversation is null)
        {
            conversation = new Conversation(Guid.CreateVersion7().ToString("N"), ConversationKind.Direct, "", null, senderId, now, 0, 0, null);
            await writer.InsertConversationAsync(conversation, key).ConfigureAwait(false);
            await MessagePosting.AddMemberAsync(writer, conversation, senderId, MemberRole.Member, peerId, now).ConfigureAwait(false);
            await MessagePosting.AddMemberAsync(writer, conversation, peerId, MemberRole.Member, senderId, now).ConfigureAwait(false);
        }

        return await ChatTransactions.RequireMemberAsync(writer, conversation.Id, senderId).ConfigureAwait(false);
    }

    private async Task<bool> PeerBlockedAsync(IChatReader reader, string conversationId, string senderId, CancellationToken cancellationToken)
    {
        foreach (var member in await reader.ListMembersAsync(conversationId, 0, 2).ConfigureAwait(false))
        {
            if (!string.Equals(member.UserId, senderId, StringComparison.Ordinal)
                && await directory.HasBlockedAsync(member.UserId, senderId, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }
}
