using Messenger.ChatCore.Attachments;
using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Storage;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Documents;

/// <summary>
/// What a client (or a bot, through <see cref="DocumentService"/> directly) sends to post a document: one of the
/// sender's uploads, a title, and optionally the id of the version it replaces and whether signatures are asked for.
/// </summary>
public sealed record PostDocument(
    string? ConversationId, string? ClientMessageId, string? AttachmentId, string? Title, string? Description = null,
    string? Supersedes = null, bool SignatureRequested = false);

/// <summary>
/// Document messages: posting (a new document or a new version of one), reading and editing. A document goes out as
/// an ordinary message (message.new through the hub and /api/sync) whose <c>document</c> payload carries the file,
/// version and signature summaries. Once signed it is frozen: only a new version that supersedes it may follow.
/// </summary>
public sealed class DocumentService(
    ChatTransactions transactions, AttachmentService attachments, UserDirectory directory, DocumentOptions options,
    ChatOptions chatOptions, TimeProvider clock)
{
    /// <summary>
    /// For other components (the bot platform): posts one of <paramref name="senderUserId"/>'s uploads as a document,
    /// optionally asking members to sign it; an <see cref="IDocumentSignatureListener"/> hears of each signature.
    /// </summary>
    public Task<Result<SendOutcome>> PostDocumentAsync(
        string senderUserId, string conversationId, string attachmentId, string title, string? description = null,
        bool requestSignature = false, string? supersedes = null, string? clientMessageId = null,
        CancellationToken cancellationToken = default) =>
        PostDocumentAsync(senderUserId, new PostDocument(conversationId, clientMessageId ?? Guid.NewGuid().ToString("N"), attachmentId,
            title, description, supersedes, requestSignature), cancellationToken);

    /// <summary>Posts a document message. For bots too: <paramref name="senderUserId"/> is whoever posts it.</summary>
    public async Task<Result<SendOutcome>> PostDocumentAsync(string senderUserId, PostDocument request, CancellationToken cancellationToken)
    {
        var invalid = MessageRules.CheckClientMessageId(request.ClientMessageId)
            ?? CheckTitle(request.Title)
            ?? CheckDescription(request.Description)
            ?? (string.IsNullOrEmpty(request.AttachmentId) ? ChatErrors.Invalid("attachmentId", "Give the uploaded file's attachmentId.") : null);
        if (invalid is not null)
        {
            return invalid;
        }

        var files = await attachments.ResolveOwnAsync(senderUserId, [request.AttachmentId!], cancellationToken).ConfigureAwait(false);
        if (!files.IsSuccess)
        {
            return files.Error! with { Field = "attachmentId" };
        }

        var file = files.Value![0];
        var now = clock.GetUtcNowMs();
        return await transactions.RunAsync<SendOutcome>(async writer =>
        {
            var target = await ChatTransactions.RequireMemberAsync(writer, request.ConversationId, senderUserId).ConfigureAwait(false);
            if (!target.IsSuccess)
            {
                return target.Error!;
            }

            var conversation = target.Value!.Conversation;
            if (await writer.FindByClientIdAsync(conversation.Id, senderUserId, request.ClientMessageId!).ConfigureAwait(false) is { } original)
            {
                return new SendOutcome(original, false);
            }

            if (await MayNotPostAsync(writer, target.Value, senderUserId, cancellationToken).ConfigureAwait(false) is { } refused)
            {
                return refused;
            }

            var version = 1;
            DocumentView? previous = null;
            if (request.Supersedes is { } supersedes)
            {
                var found = await DocumentAccess.FindAsync(writer, supersedes, senderUserId).ConfigureAwait(false);
                if (!found.IsSuccess || found.Value!.ConversationId != conversation.Id)
                {
                    return ChatErrors.Invalid("supersedes", "supersedes must be a document in this conversation.");
                }

                previous = found.Value;
                if (previous.Document.SupersededBy is { } newer)
                {
                    return ChatErrors.Conflict("supersedes", $"That version is already superseded by document {newer}; supersede the latest.");
                }

                version = previous.Document.Version + 1;
            }

            var document = new DocumentInfo(Guid.CreateVersion7().ToString("N"), request.Title!.Trim(), Normalize(request.Description),
                version, previous?.Document.Id, null, file, request.SignatureRequested,
                request.SignatureRequested ? senderUserId : null, []);
            var message = await MessagePosting.PostAsync(writer, conversation.Id, senderUserId, request.ClientMessageId, document.Description ?? "",
                null, null, null, now, [file], document).ConfigureAwait(false);
            var documents = (IDocumentWriter)DocumentAccess.Documents(writer);
            await documents.InsertDocumentAsync(new DocumentLocation(document.Id, conversation.Id, message.Seq, version, document.Supersedes), now)
                .ConfigureAwait(false);
            if (previous is not null)
            {
                var replaced = previous.Document with { SupersededBy = document.Id };
                await documents.SetDocumentAsync(previous.ConversationId, previous.Seq, replaced).ConfigureAwait(false);
                await writer.AppendUpdateAsync(DocumentUpdateKinds.Updated, conversation.Id, null,
                    new DocumentUpdated(conversation.Id, previous.Seq, replaced), now).ConfigureAwait(false);
            }

            return new SendOutcome(message, true);
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<Result<DocumentView>> GetAsync(string userId, string documentId, CancellationToken cancellationToken) =>
        transactions.Store.ReadAsync(reader => DocumentAccess.FindAsync(reader, documentId, userId), cancellationToken);

    /// <summary>
    /// The sender may change title and description until the first signature; after that the document is frozen and
    /// the answer is a conflict naming the field, since a signature covers what was shown when it was made.
    /// </summary>
    public Task<Result<DocumentView>> EditAsync(
        string userId, string documentId, string? title, string? description, CancellationToken cancellationToken)
    {
        var field = title is not null ? "title" : "description";
        var invalid = (title is null && description is null ? ChatErrors.Invalid("title", "Give a new title or description.") : null)
            ?? (title is not null ? CheckTitle(title) : null)
            ?? CheckDescription(description);
        if (invalid is not null)
        {
            return Task.FromResult<Result<DocumentView>>(invalid);
        }

        var now = clock.GetUtcNowMs();
        return transactions.RunAsync<DocumentView>(async writer =>
        {
            var found = await DocumentAccess.FindAsync(writer, documentId, userId).ConfigureAwait(false);
            if (!found.IsSuccess)
            {
                return found.Error!;
            }

            var view = found.Value!;
            if (!string.Equals(view.SenderId, userId, StringComparison.Ordinal))
            {
                return ChatErrors.Forbidden("documentId", "Only the sender can edit a document.");
            }

            if (view.Document.Signatures.Count > 0)
            {
                return ChatErrors.Conflict(field, "This document is signed and cannot be edited; post a new version that supersedes it.");
            }

            if (view.Document.SupersededBy is not null)
            {
                return ChatErrors.Conflict(field, "This version is superseded; edit the latest version.");
            }

            var edited = view.Document with
            {
                Title = title?.Trim() ?? view.Document.Title,
                Description = description is null ? view.Document.Description : Normalize(description),
            };
            var message = (await writer.FindMessageAsync(view.ConversationId, view.Seq).ConfigureAwait(false))!;
            var text = edited.Description ?? "";
            if (!string.Equals(text, message.Text, StringComparison.Ordinal))
            {
                await writer.EditMessageAsync(view.ConversationId, view.Seq, text, message.Text, now).ConfigureAwait(false);
            }

            await ((IDocumentWriter)DocumentAccess.Documents(writer)).SetDocumentAsync(view.ConversationId, view.Seq, edited).ConfigureAwait(false);
            await writer.AppendUpdateAsync(UpdateKinds.MessageEdited, view.ConversationId, null,
                message with { Text = text, EditedAt = now, Document = edited }, now).ConfigureAwait(false);
            return view with { Document = edited };
        }, cancellationToken);
    }

    private DirectoryError? CheckTitle(string? title) =>
        string.IsNullOrWhiteSpace(title) || title.Trim().Length > options.MaxTitleLength
            ? ChatErrors.Invalid("title", $"A document needs a title of 1 to {options.MaxTitleLength} characters.")
            : null;

    private DirectoryError? CheckDescription(string? description) =>
        description is not null && description.Length > chatOptions.MaxMessageLength
            ? ChatErrors.Invalid("description", $"A description may be at most {chatOptions.MaxMessageLength} characters long.")
            : null;

    private static string? Normalize(string? description) => string.IsNullOrWhiteSpace(description) ? null : description.Trim();

    /// <summary>The same rules as a text message: admins only in a channel; not to a peer who blocked the sender.</summary>
    private async Task<DirectoryError?> MayNotPostAsync(IChatReader reader, Membership target, string senderId, CancellationToken cancellationToken)
    {
        if (target.Conversation.Kind == ConversationKind.Channel && target.Member.Role < MemberRole.Admin)
        {
            return ChatErrors.Forbidden("conversationId", "Only admins post in a channel.");
        }

        if (target.Conversation.Kind == ConversationKind.Direct)
        {
            foreach (var member in await reader.ListMembersAsync(target.Conversation.Id, 0, 2).ConfigureAwait(false))
            {
                if (!string.Equals(member.UserId, senderId, StringComparison.Ordinal)
                    && await directory.HasBlockedAsync(member.UserId, senderId, cancellationToken).ConfigureAwait(false))
                {
                    return ChatErrors.Forbidden("conversationId", "This user does not accept messages from you.");
                }
            }
        }

        return null;
    }
}
