using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Storage;

namespace Messenger.ChatCore.Documents;

/// <summary>Finds a document for a user: members of its conversation see it, everyone else gets the same "not found".</summary>
internal static class DocumentAccess
{
    public static DirectoryError NotFound() =>
        new(DirectoryErrorKind.NotFound, "documentId", "No such document, or you are not a member of its conversation.");

    public static IDocumentReader Documents(IChatReader reader) =>
        reader as IDocumentReader ?? throw new NotSupportedException("The chat store does not implement document storage.");

    public static async Task<Result<DocumentView>> FindAsync(IChatReader reader, string? documentId, string userId)
    {
        if (string.IsNullOrEmpty(documentId)
            || await Documents(reader).FindDocumentAsync(documentId).ConfigureAwait(false) is not { } location
            || !(await ChatTransactions.RequireMemberAsync(reader, location.ConversationId, userId).ConfigureAwait(false)).IsSuccess
            || await reader.FindMessageAsync(location.ConversationId, location.Seq).ConfigureAwait(false) is not { Document: { } document } message)
        {
            return NotFound();
        }

        return new DocumentView(message.ConversationId, message.Seq, message.SenderId, message.SentAt, document);
    }
}
