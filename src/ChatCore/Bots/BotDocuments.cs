using Messenger.ChatCore.Attachments;
using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Documents;

namespace Messenger.ChatCore.Bots;

/// <summary>
/// sendDocument with request_signature: the bot's upload <paramref name="AttachmentId"/> posted as a document message
/// whose members are asked to sign it. <paramref name="Title"/> falls back to the file name, <paramref name="Caption"/>
/// is the description; <paramref name="Supersedes"/> makes it a new version of one of the bot's documents there.
/// </summary>
public sealed record BotSigningRequest(string? ChatId, string AttachmentId, string? Title, string? Caption, string? Supersedes);

/// <summary>
/// Signing requests of services (issue #7: "a service sends a document with a request to sign; the user signs it in
/// the client, and the service receives the signature in its updates"). A request is an ordinary document
/// (<see cref="DocumentService"/>, with the same rules as the REST endpoint) whose RequestedBy is the bot; the bot
/// feed turns each signature added to it into the bot's <c>signature</c> update. Bots read signatures back here.
/// </summary>
public sealed class BotDocuments(
    ChatTransactions transactions, DocumentService documents, DocumentSignatureService signatures, AttachmentService attachments,
    UserDirectory directory, DocumentOptions options)
{
    public async Task<Result<BotMessage>> RequestSignatureAsync(BotRecord bot, BotSigningRequest request, CancellationToken cancellationToken)
    {
        var botId = bot.Account.Id;
        var chat = await ChatOfAsync(botId, request.ChatId, cancellationToken).ConfigureAwait(false);
        if (!chat.IsSuccess)
        {
            return chat.Error!;
        }

        var title = request.Title;
        if (title is null)
        {
            var file = await attachments.ResolveOwnAsync(botId, [request.AttachmentId], cancellationToken).ConfigureAwait(false);
            if (!file.IsSuccess)
            {
                return file.Error! with { Field = "document" };
            }

            // The file name stands in for a title; cut to the title limit rather than refuse a long file name.
            title = file.Value![0].FileName.Trim();
            title = title.Length > options.MaxTitleLength ? title[..options.MaxTitleLength] : title;
            if (title.Length == 0)
            {
                return ChatErrors.Invalid("title", "The file has no name; give a title.");
            }
        }

        var posted = await documents.PostDocumentAsync(botId, request.ChatId!, request.AttachmentId, title, request.Caption,
            requestSignature: true, request.Supersedes, cancellationToken: cancellationToken).ConfigureAwait(false);
        return posted.IsSuccess
            ? BotMessage.Of(posted.Value!.Message, bot.Account, chat.Value!)
            : posted.Error! with { Field = Rename(posted.Error!.Field) };
    }

    /// <summary>
    /// getDocumentSignatures: every signature on a document in a chat the bot is a member of, with its CMS, so a service
    /// that missed or dropped a <c>signature</c> update can fetch it again.
    /// </summary>
    public async Task<Result<IReadOnlyList<BotSignature>>> ListSignaturesAsync(BotRecord bot, string? documentId, CancellationToken cancellationToken)
    {
        var botId = bot.Account.Id;
        var found = await documents.GetAsync(botId, documentId ?? "", cancellationToken).ConfigureAwait(false);
        if (!found.IsSuccess)
        {
            return found.Error! with { Field = "document_id" };
        }

        var view = found.Value!;
        var chat = await ChatOfAsync(botId, view.ConversationId, cancellationToken).ConfigureAwait(false);
        if (!chat.IsSuccess)
        {
            return chat.Error!;
        }

        var list = new List<BotSignature>(view.Document.Signatures.Count);
        foreach (var signature in view.Document.Signatures)
        {
            var cms = await signatures.DownloadAsync(botId, view.Document.Id, signature.Id, cancellationToken).ConfigureAwait(false);
            if (cms.IsSuccess)
            {
                var signer = await directory.FindAsync(signature.SignerUserId, cancellationToken).ConfigureAwait(false);
                list.Add(BotSignature.Of(view.Document, signature, cms.Value!, chat.Value!, view.Seq, signer));
            }
        }

        return list;
    }

    private async Task<Result<BotChat>> ChatOfAsync(string botId, string? chatId, CancellationToken cancellationToken)
    {
        var access = await transactions.Store.ReadAsync(
            reader => ChatTransactions.RequireMemberAsync(reader, chatId, botId), cancellationToken).ConfigureAwait(false);
        return access.IsSuccess
            ? BotChat.From(access.Value!.Conversation)
            : ChatErrors.Forbidden("chat_id", "The bot is not a member of this chat.");
    }

    /// <summary>Refusals name the Bot API's parameter, not the REST field.</summary>
    private static string Rename(string field) => field switch
    {
        "conversationId" => "chat_id",
        "attachmentId" or "attachmentIds" => "document",
        "description" => "caption",
        _ => field,
    };
}
