using Messenger.ChatCore.Attachments;
using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Storage;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Messages;

/// <summary>The payload of conversation.added: the conversation and the role the user has in it.</summary>
public sealed record ConversationAddedData(Conversation Conversation, MemberRole Role, string? PeerId);

public sealed record MessageRef(string ConversationId, long Seq);

/// <summary>
/// Writes inside a transaction that other services share: a message with its seq and its message.new entry, and a
/// membership with its conversation.added entry.
/// </summary>
internal static class MessagePosting
{
    public static async Task<ChatMessage> PostAsync(
        IChatWriter writer, string conversationId, string? senderId, string? clientMessageId, string text,
        long? replyToSeq, ForwardedFrom? forwarded, SystemEvent? system, DateTimeOffset now,
        IReadOnlyList<Attachment>? attachments = null, Documents.DocumentInfo? document = null,
        Bots.InlineKeyboardMarkup? replyMarkup = null)
    {
        var seq = await writer.NextSeqAsync(conversationId).ConfigureAwait(false);
        var message = new ChatMessage(
            conversationId, seq, system is not null ? MessageKind.System : document is not null ? MessageKind.Document : MessageKind.Text, senderId, clientMessageId,
            text, replyToSeq, forwarded, system, now, null, false)
        {
            Attachments = attachments is { Count: > 0 } ? attachments : [],
            Document = document,
            ReplyMarkup = replyMarkup,
        };
        await writer.InsertMessageAsync(message).ConfigureAwait(false);
        if (senderId is not null)
        {
            // Sending implies having read everything before it (as WhatsApp and Telegram do).
            await writer.SetCursorsAsync(conversationId, senderId, seq, seq).ConfigureAwait(false);
        }

        await writer.AppendUpdateAsync(UpdateKinds.MessageNew, conversationId, null, message, now).ConfigureAwait(false);
        return message;
    }

    public static Task<ChatMessage> PostSystemAsync(
        IChatWriter writer, string conversationId, SystemEvent system, DateTimeOffset now) =>
        PostAsync(writer, conversationId, null, null, "", null, null, system, now);

    /// <summary>
    /// Adds a member who can read the conversation's log from this point on, and tells their devices. visible_from
    /// is the log position before the entries of this very transaction, so they also see their own join.
    /// </summary>
    public static async Task<Member> AddMemberAsync(
        IChatWriter writer, Conversation conversation, string userId, MemberRole role, string? peerId, DateTimeOffset now)
    {
        var member = new Member(conversation.Id, userId, role, now,
            await writer.LastUpdateCursorAsync().ConfigureAwait(false), 0, 0);
        await writer.AddMemberAsync(member).ConfigureAwait(false);
        var current = await writer.FindConversationAsync(conversation.Id).ConfigureAwait(false) ?? conversation;
        await writer.AppendUpdateAsync(UpdateKinds.ConversationAdded, conversation.Id, userId,
            new ConversationAddedData(current, role, peerId), now).ConfigureAwait(false);
        return member;
    }
}
