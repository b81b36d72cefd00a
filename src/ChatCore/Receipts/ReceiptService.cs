using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Receipts;

/// <summary>A member's cursors: everything up to <see cref="DeliveredSeq"/> reached a device, up to <see cref="ReadSeq"/> was read.</summary>
public sealed record Receipt(string ConversationId, string UserId, long DeliveredSeq, long ReadSeq, long UnreadCount);

/// <summary>
/// Delivered and read cursors ("read up to seq N"). They only move forward, and reading implies delivery. The change
/// goes to every member in direct conversations and small groups; in channels and big groups only to the reader's
/// own devices, so one read never fans out to a crowd.
/// </summary>
public sealed class ReceiptService(ChatTransactions transactions, ChatOptions options, TimeProvider clock)
{
    public Task<Result<Receipt>> MarkAsync(
        string userId, string conversationId, long seq, bool read, CancellationToken cancellationToken)
    {
        if (seq < 0)
        {
            return Task.FromResult<Result<Receipt>>(ChatErrors.Invalid("seq", "Seq must not be negative."));
        }

        var now = clock.GetUtcNowMs();
        return transactions.RunAsync<Receipt>(async writer =>
        {
            var access = await ChatTransactions.RequireMemberAsync(writer, conversationId, userId).ConfigureAwait(false);
            if (!access.IsSuccess)
            {
                return access.Error!;
            }

            var (conversation, member) = (access.Value!.Conversation, access.Value.Member);
            var upTo = Math.Min(seq, conversation.LastSeq);
            var readSeq = read ? Math.Max(member.ReadSeq, upTo) : member.ReadSeq;
            var deliveredSeq = Math.Max(Math.Max(member.DeliveredSeq, upTo), readSeq);
            var receipt = new Receipt(conversationId, userId, deliveredSeq, readSeq, Math.Max(0, conversation.LastSeq - readSeq));
            if (readSeq == member.ReadSeq && deliveredSeq == member.DeliveredSeq)
            {
                return receipt;
            }

            await writer.SetCursorsAsync(conversationId, userId, deliveredSeq, readSeq).ConfigureAwait(false);
            var shared = conversation.Kind == ConversationKind.Direct
                || (conversation.Kind == ConversationKind.Group && conversation.MemberCount <= options.SharedReceiptsMaxMembers);
            await writer.AppendUpdateAsync(UpdateKinds.Receipt, conversationId, shared ? null : userId, receipt, now)
                .ConfigureAwait(false);
            return receipt;
        }, cancellationToken);
    }
}
