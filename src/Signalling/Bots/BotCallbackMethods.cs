using Messenger.ChatCore.Bots;
using Messenger.Signalling.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace Messenger.Signalling.Bots;

/// <summary>What the pressing user's devices get when the bot answers: the hub event <see cref="Event"/>.</summary>
public sealed record CallbackAnswer(string CallbackQueryId, string ConversationId, long Seq, string? Text, bool ShowAlert, string? Url);

/// <summary>
/// answerCallbackQuery: the bot's answer to a press goes to the pressing user's connected devices as a hub event (a
/// toast or an alert, as Telegram clients show it). It is not stored: like Telegram's, an answer is only useful while
/// the user is looking.
/// </summary>
internal static class BotCallbackMethods
{
    public const string Event = "CallbackAnswer";

    /// <summary>Telegram allows 0-200 characters of answer text.</summary>
    private const int MaxTextLength = 200;

    public static async Task<IResult> AnswerAsync(BotCall call)
    {
        var id = call.Request.String("callback_query_id");
        var text = call.Request.String("text");
        var url = call.Request.String("url");
        if (string.IsNullOrEmpty(id))
        {
            return BotApiResults.Error(400, "Bad Request: callback_query_id is missing", "callback_query_id");
        }

        if (text is { Length: > MaxTextLength })
        {
            return BotApiResults.Error(400, $"Bad Request: text is at most {MaxTextLength} characters", "text");
        }

        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            return BotApiResults.Error(400, "Bad Request: url must be an absolute http or https URL", "url");
        }

        var press = await call.Get<IBotStore>().AnswerCallbackAsync(call.Bot.Account.Id, id, call.Get<TimeProvider>().GetUtcNow(), call.Cancellation);
        if (press is null)
        {
            return BotApiResults.Error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid", "callback_query_id");
        }

        var answer = new CallbackAnswer(press.Id, press.ConversationId, press.Seq, text, call.Request.Bool("show_alert"), url);
        await call.Get<IHubContext<ChatHub>>().Clients.Group(ChatHub.UserGroup(press.UserId))
            .SendAsync(Event, answer, CancellationToken.None);
        return BotApiResults.Ok(true);
    }
}
