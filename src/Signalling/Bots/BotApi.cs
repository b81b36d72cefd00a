using Messenger.ChatCore;
using Messenger.ChatCore.Attachments;
using Messenger.ChatCore.Bots;
using Microsoft.AspNetCore.Http.Features;

namespace Messenger.Signalling.Bots;

/// <summary>
/// <c>/bot{token}/{method}</c>: Telegram's Bot API shape over our chat (docs/bots.md). The token in the path is the
/// bot's only credential; method names are case-insensitive, parameters come from the query, JSON or a form.
/// </summary>
public static class BotApi
{
    public static void MapBotApi(this IEndpointRouteBuilder app) =>
        app.MapMethods("/bot{token}/{method}", [HttpMethods.Get, HttpMethods.Post], HandleAsync)
            .WithTags("Bot API").ExcludeFromDescription().DisableAntiforgery();

    private static async Task<IResult> HandleAsync(string token, string method, HttpContext http, BotService bots, CancellationToken ct)
    {
        var bot = await bots.AuthenticateAsync(token, ct);
        if (bot is null)
        {
            return BotApiResults.Error(401, "Unauthorized");
        }

        var services = http.RequestServices;
        if (string.Equals(method, "sendDocument", StringComparison.OrdinalIgnoreCase)
            && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // The host caps JSON bodies far lower; a document upload gets the attachment limit plus room for the form.
            limit.MaxRequestBodySize = services.GetRequiredService<ChatOptions>().MaxAttachmentBytes + (64 * 1024);
        }

        var request = await BotRequest.ReadAsync(http.Request, ct);
        if (request is null)
        {
            return BotApiResults.Error(400, "Bad Request: the body is not valid JSON or form data");
        }

        var call = new BotCall(bot, request, services, ct);
        return method.ToUpperInvariant() switch
        {
            "GETME" => BotApiResults.Ok(BotUser.From(bot.Account)),
            "GETUPDATES" => await BotUpdateMethods.GetUpdatesAsync(call),
            "SETWEBHOOK" => await BotUpdateMethods.SetWebhookAsync(call),
            "DELETEWEBHOOK" => await BotUpdateMethods.DeleteWebhookAsync(call),
            "GETWEBHOOKINFO" => BotUpdateMethods.GetWebhookInfo(call),
            "SENDMESSAGE" => await SendAsync(call, documents: null),
            "SENDDOCUMENT" => await SendDocumentAsync(call),
            "EDITMESSAGETEXT" => await EditMessageTextAsync(call),
            "ANSWERCALLBACKQUERY" => await BotCallbackMethods.AnswerAsync(call),
            "GETDOCUMENTSIGNATURES" => await BotDocumentMethods.GetSignaturesAsync(call),
            _ => BotApiResults.Error(404, "Not Found: method not found"),
        };
    }

    private static async Task<IResult> SendAsync(BotCall call, IReadOnlyList<string>? documents)
    {
        var chatId = call.Request.String("chat_id");
        var replyTo = call.Request.Long("reply_to_message_id", out var badReply);
        var markup = call.Request.Markup("reply_markup", out var badMarkup);
        if (string.IsNullOrEmpty(chatId) || badReply || badMarkup)
        {
            var field = string.IsNullOrEmpty(chatId) ? "chat_id" : badReply ? "reply_to_message_id" : "reply_markup";
            return BotApiResults.Error(400, $"Bad Request: {field} is missing or malformed", field);
        }

        if (call.Get<BotRateLimiter>().TryAcquire(call.Bot.Account.Id, chatId) is { } wait)
        {
            return BotApiResults.TooManyRequests(wait);
        }

        var text = documents is null ? call.Request.String("text") : call.Request.String("caption");
        var send = new BotSend(chatId, text, replyTo, markup, documents);
        return BotApiResults.Match(await call.Get<BotMessenger>().SendAsync(call.Bot, send, call.Cancellation), m => m);
    }

    /// <summary>
    /// document is an uploaded file (multipart) or the id of an attachment the bot uploaded earlier.
    /// </summary>
    private static async Task<IResult> SendDocumentAsync(BotCall call)
    {
        string attachmentId;
        if (call.Request.Files?.GetFile("document") is { } file)
        {
            await using var content = file.OpenReadStream();
            var uploaded = await call.Get<AttachmentService>().UploadAsync(
                call.Bot.Account.Id, content, file.FileName, voice: false, call.Cancellation);
            if (!uploaded.IsSuccess)
            {
                return BotApiResults.From(uploaded.Error! with { Field = "document" });
            }

            attachmentId = uploaded.Value!.Id;
        }
        else if (call.Request.String("document") is { Length: > 0 } reference)
        {
            attachmentId = reference;
        }
        else
        {
            return BotApiResults.Error(400, "Bad Request: document is missing", "document");
        }

        // With request_signature the file becomes a document to sign; without, it stays Telegram's plain file message.
        return call.Request.Bool("request_signature")
            ? await BotDocumentMethods.RequestSignatureAsync(call, attachmentId)
            : await SendAsync(call, [attachmentId]);
    }

    private static async Task<IResult> EditMessageTextAsync(BotCall call)
    {
        var messageId = call.Request.Long("message_id", out var bad);
        if (messageId is null || bad)
        {
            return BotApiResults.Error(400, "Bad Request: message_id is missing or malformed", "message_id");
        }

        return BotApiResults.Match(await call.Get<BotMessenger>().EditTextAsync(
            call.Bot, call.Request.String("chat_id"), messageId.Value, call.Request.String("text"), call.Cancellation), m => m);
    }
}

/// <summary>One Bot API call: the authenticated bot, its parameters and the request's services.</summary>
public sealed record BotCall(BotRecord Bot, BotRequest Request, IServiceProvider Services, CancellationToken Cancellation)
{
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();
}
