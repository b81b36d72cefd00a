using Messenger.ChatCore.Bots;

namespace Messenger.Signalling.Bots;

/// <summary>
/// Signing requests over the Bot API (docs/bots.md §6): sendDocument with request_signature posts a document that
/// members are asked to sign, and getDocumentSignatures reads its signatures back, CMS included.
/// </summary>
internal static class BotDocumentMethods
{
    /// <summary>
    /// The part of sendDocument after the file is known. A document message has no reply or buttons (the document
    /// kind keeps neither), so those parameters are refused rather than silently dropped.
    /// </summary>
    public static async Task<IResult> RequestSignatureAsync(BotCall call, string attachmentId)
    {
        var chatId = call.Request.String("chat_id");
        if (string.IsNullOrEmpty(chatId))
        {
            return BotApiResults.Error(400, "Bad Request: chat_id is missing", "chat_id");
        }

        foreach (var unsupported in (string[])["reply_to_message_id", "reply_markup"])
        {
            if (call.Request.Has(unsupported))
            {
                return BotApiResults.Error(400, $"Bad Request: {unsupported} can't be used with request_signature", unsupported);
            }
        }

        if (call.Get<BotRateLimiter>().TryAcquire(call.Bot.Account.Id, chatId) is { } wait)
        {
            return BotApiResults.TooManyRequests(wait);
        }

        var request = new BotSigningRequest(chatId, attachmentId, call.Request.String("title"), call.Request.String("caption"),
            call.Request.String("supersedes"));
        return BotApiResults.Match(await call.Get<BotDocuments>().RequestSignatureAsync(call.Bot, request, call.Cancellation), m => m);
    }

    /// <summary><c>getDocumentSignatures {document_id}</c>: the document's signatures, oldest first.</summary>
    public static async Task<IResult> GetSignaturesAsync(BotCall call)
    {
        var documentId = call.Request.String("document_id");
        if (string.IsNullOrEmpty(documentId))
        {
            return BotApiResults.Error(400, "Bad Request: document_id is missing", "document_id");
        }

        return BotApiResults.Match(await call.Get<BotDocuments>().ListSignaturesAsync(call.Bot, documentId, call.Cancellation), s => s);
    }
}
