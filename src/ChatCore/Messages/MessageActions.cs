using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Storage;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Messages;

public sealed record ReactionData(string ConversationId, long Seq, string UserId, string Emoji);

public sealed record PinnedData(string ConversationId, long? Seq);

/// <summary>What can be done to a message once sent: edit (history kept), delete, react and pin.</summary>
public sealed class MessageActions(ChatTransactions transactions, ChatOptions options, TimeProvider clock)
{
    /// <summary>Only the sender edits; earlier texts stay in the edit history.</summary>
    public Task<Result<ChatMessage>> EditAsync(
        string userId, string conversationId, long seq, string? text, CancellationToken cancellationToken)
    {
        if (MessageRules.CheckText(text, options.MaxMessageLength) is { } invalid)
        {
            return Task.FromResult<Result<ChatMessage>>(invalid);
        }

        var now = clock.GetUtcNowMs();
        return transactions.RunAsync<ChatMessage>(async writer =>
        {
            var found = await FindAsync(writer, conversationId, seq, userId).ConfigureAwait(false);
            if (!found.IsSuccess)
            {
                return found.Error!;
            }

            var (_, message) = found.Value;
            if (message.Document is { } document)
            {
                // A document changes only through /api/documents; once signed, only a new version may replace it (issue #7).
                return document.Signatures.Count > 0
                    ? ChatErrors.Conflict("text", "This document is signed and cannot be edited; post a new version that supersedes it.")
                    : ChatErrors.Invalid("text", "A document is edited through PATCH /api/documents/{documentId}.");
            }

            if (!string.Equals(message.SenderId, userId, StringComparison.Ordinal) || message.Kind != MessageKind.Text)
            {
                return ChatErrors.Forbidden("seq", "Only the sender can edit a message.");
            }

            if (string.Equals(message.Text, text, StringComparison.Ordinal))
            {
                return message;
            }

            await writer.EditMessageAsync(conversationId, seq, text!, message.Text, now).ConfigureAwait(false);
            var edited = message with { Text = text!, EditedAt = now };
            await writer.AppendUpdateAsync(UpdateKinds.MessageEdited, conversationId, null, edited, now).ConfigureAwait(false);
            return edited;
        }, cancellationToken);
    }

    /// <summary>
    /// For everyone: the sender, or an admin of a group or channel; the message becomes a tombstone everywhere. For
    /// me: hidden from the caller's own history on all their devices only.
    /// </summary>
    public Task<Result<bool>> DeleteAsync(
        string userId, string conversationId, long seq, bool forEveryone, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowMs();
        return transactions.RunAsync<bool>(async writer =>
        {
            var found = await FindAsync(writer, conversationId, seq, userId, allowDeleted: true).ConfigureAwait(false);
            if (!found.IsSuccess)
            {
                return found.Error!;
            }

            var (access, message) = found.Value;
            var data = new MessageRef(conversationId, seq);
            if (!forEveryone)
            {
                await writer.HideMessageAsync(userId, conversationId, seq).ConfigureAwait(false);
                await writer.AppendUpdateAsync(UpdateKinds.MessageHidden, conversationId, userId, data, now).ConfigureAwait(false);
                return true;
            }

            var mayDelete = string.Equals(message.SenderId, userId, StringComparison.Ordinal)
                || (access.Conversation.Kind != ConversationKind.Direct && access.Member.Role >= MemberRole.Admin);
            if (!mayDelete)
            {
                return ChatErrors.Forbidden("seq", "Only the sender or an admin can delete a message for everyone.");
            }

            if (!message.Deleted)
            {
                await writer.DeleteMessageAsync(conversationId, seq, now).ConfigureAwait(false);
                await writer.AppendUpdateAsync(UpdateKinds.MessageDeleted, conversationId, null, data, now).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken);
    }

    /// <summary>Adds or removes one reaction; each user has at most one of each emoji on a message.</summary>
    public Task<Result<bool>> ReactAsync(
        string userId, string conversationId, long seq, string? emoji, bool add, CancellationToken cancellationToken)
    {
        if (MessageRules.CheckEmoji(emoji) is { } invalid)
        {
            return Task.FromResult<Result<bool>>(invalid);
        }

        var now = clock.GetUtcNowMs();
        return transactions.RunAsync<bool>(async writer =>
        {
            var found = await FindAsync(writer, conversationId, seq, userId).ConfigureAwait(false);
            if (!found.IsSuccess)
            {
                return found.Error!;
            }

            var changed = add
                ? await writer.AddReactionAsync(conversationId, seq, userId, emoji!, now).ConfigureAwait(false)
                : await writer.RemoveReactionAsync(conversationId, seq, userId, emoji!).ConfigureAwait(false);
            if (changed)
            {
                await writer.AppendUpdateAsync(add ? UpdateKinds.ReactionAdded : UpdateKinds.ReactionRemoved, conversationId,
                    null, new ReactionData(conversationId, seq, userId, emoji!), now).ConfigureAwait(false);
            }

            return changed;
        }, cancellationToken);
    }

    /// <summary>Pins a message (null unpins). Either member of a direct conversation may; elsewhere only admins.</summary>
    public Task<Result<PinnedData>> PinAsync(string userId, string conversationId, long? seq, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowMs();
        return transactions.RunAsync<PinnedData>(async writer =>
        {
            var access = await ChatTransactions.RequireMemberAsync(writer, conversationId, userId).ConfigureAwait(false);
            if (!access.IsSuccess)
            {
                return access.Error!;
            }

            if (access.Value!.Conversation.Kind != ConversationKind.Direct && access.Value.Member.Role < MemberRole.Admin)
            {
                return ChatErrors.Forbidden("role", "Only admins may pin messages.");
            }

            if (seq is { } pinned && await writer.FindMessageAsync(conversationId, pinned).ConfigureAwait(false) is not { Deleted: false })
            {
                return ChatErrors.NoMessage();
            }

            var data = new PinnedData(conversationId, seq);
            await writer.SetPinnedAsync(conversationId, seq).ConfigureAwait(false);
            await writer.AppendUpdateAsync(UpdateKinds.Pinned, conversationId, null, data, now).ConfigureAwait(false);
            return data;
        }, cancellationToken);
    }

    private static async Task<Result<(Membership Access, ChatMessage Message)>> FindAsync(
        IChatReader reader, string conversationId, long seq, string userId, bool allowDeleted = false)
    {
        var access = await ChatTransactions.RequireMemberAsync(reader, conversationId, userId).ConfigureAwait(false);
        if (!access.IsSuccess)
        {
            return access.Error!;
        }

        var message = await reader.FindMessageAsync(conversationId, seq).ConfigureAwait(false);
        return message is null || (message.Deleted && !allowDeleted)
            ? ChatErrors.NoMessage()
            : (access.Value!, message);
    }
}
