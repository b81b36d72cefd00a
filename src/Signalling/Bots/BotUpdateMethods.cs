using Messenger.ChatCore.Bots;
using Microsoft.Extensions.Options;

namespace Messenger.Signalling.Bots;

/// <summary>getUpdates and the webhook methods. A bot uses one or the other, never both (Telegram answers 409).</summary>
internal static class BotUpdateMethods
{
    public const int MaxLimit = 100;

    /// <summary>Telegram's secret_token: 1-256 characters of A-Z, a-z, 0-9, _ and -.</summary>
    private const int MaxSecretLength = 256;

    public static async Task<IResult> GetUpdatesAsync(BotCall call)
    {
        if (call.Bot.WebhookUrl is not null)
        {
            return BotApiResults.Error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
        }

        var offset = call.Request.Long("offset", out var badOffset) ?? 0;
        var limit = call.Request.Long("limit", out var badLimit) ?? MaxLimit;
        var timeout = call.Request.Long("timeout", out var badTimeout) ?? 0;
        if (badOffset || badLimit || badTimeout || limit < 1 || timeout < 0)
        {
            var field = badOffset ? "offset" : badLimit || limit < 1 ? "limit" : "timeout";
            return BotApiResults.Error(400, $"Bad Request: {field} is malformed", field);
        }

        var options = call.Get<IOptions<BotOptions>>().Value;
        var wait = TimeSpan.FromSeconds(Math.Min(timeout, options.MaxLongPollSeconds));
        var updates = await call.Get<BotUpdateQueue>().WaitForUpdatesAsync(
            call.Bot.Account.Id, Math.Max(offset, 0), (int)Math.Min(limit, MaxLimit), wait, call.Cancellation);
        return BotApiResults.Ok(updates.Select(BotUpdateQueue.Render).ToList());
    }

    public static async Task<IResult> SetWebhookAsync(BotCall call)
    {
        var url = call.Request.String("url");
        if (string.IsNullOrEmpty(url))
        {
            // Telegram: setWebhook with an empty url removes the webhook.
            return await DeleteWebhookAsync(call);
        }

        var options = call.Get<IOptions<BotOptions>>().Value;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || !(uri.Scheme == Uri.UriSchemeHttps || (options.AllowInsecureWebhooks && uri.Scheme == Uri.UriSchemeHttp)))
        {
            return BotApiResults.Error(400, "Bad Request: bad webhook: an HTTPS URL must be provided for webhook", "url");
        }

        // A literal inside address is refused at once; a name is checked when we connect (after DNS).
        if (!options.AllowPrivateWebhookAddresses && System.Net.IPAddress.TryParse(uri.IdnHost, out var literal)
            && !WebhookAddressPolicy.IsPublic(literal))
        {
            return BotApiResults.Error(400, "Bad Request: bad webhook: the address is not public", "url");
        }

        var secret = call.Request.String("secret_token");
        if (secret is not null && (secret.Length is 0 or > MaxSecretLength || !secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
        {
            return BotApiResults.Error(400, "Bad Request: secret_token is 1-256 characters of A-Z, a-z, 0-9, _ and -", "secret_token");
        }

        await call.Get<IBotStore>().SetWebhookAsync(call.Bot.Account.Id, uri.ToString(), secret, call.Request.Bool("drop_pending_updates"), call.Cancellation);
        call.Get<BotSignals>().Pulse(call.Bot.Account.Id);
        return BotApiResults.Ok(true);
    }

    public static async Task<IResult> DeleteWebhookAsync(BotCall call)
    {
        await call.Get<IBotStore>().SetWebhookAsync(call.Bot.Account.Id, null, null, call.Request.Bool("drop_pending_updates"), call.Cancellation);
        return BotApiResults.Ok(true);
    }

    public static IResult GetWebhookInfo(BotCall call) =>
        BotApiResults.Ok(new WebhookInfo(call.Bot.WebhookUrl ?? "", call.Bot.WebhookSecret is not null, call.Bot.WebhookError));

    private sealed record WebhookInfo(string Url, bool HasSecretToken, string? LastErrorMessage);
}
