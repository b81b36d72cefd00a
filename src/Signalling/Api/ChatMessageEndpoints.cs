using Messenger.ChatCore.Messages;
using Messenger.Signalling.Auth;
using Messenger.Signalling.Hubs;

namespace Messenger.Signalling.Api;

public sealed record PostMessageRequest(string? ClientMessageId, string? Text, long? ReplyToSeq, string[]? AttachmentIds);

public sealed record EditMessageRequest(string? Text);

public sealed record ForwardRequest(string? ToConversationId, string? ClientMessageId);

/// <summary>
/// Messages over REST, the same operations as the hub. Posting answers 201 for a new message and 200 with the original
/// for a resend of the same clientMessageId.
/// </summary>
public static class ChatMessageEndpoints
{
    public static void MapChatMessageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/direct/{userId}/messages", (string userId, PostMessageRequest request, HttpContext http,
                MessageService messages, ChatSendLimiter limiter, CancellationToken ct) =>
                SendAsync(new SendMessage(null, userId, request.ClientMessageId, request.Text, request.ReplyToSeq, request.AttachmentIds), http, messages, limiter, ct))
            .WithTags("Messages").RequireAuthorization()
            .Produces<ChatMessage>(StatusCodes.Status201Created).Produces<ChatMessage>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status429TooManyRequests);

        var group = app.MapGroup("/api/conversations/{conversationId}").WithTags("Messages").RequireAuthorization();
        group.MapPost("/messages", (string conversationId, PostMessageRequest request, HttpContext http,
                MessageService messages, ChatSendLimiter limiter, CancellationToken ct) =>
                SendAsync(new SendMessage(conversationId, null, request.ClientMessageId, request.Text, request.ReplyToSeq, request.AttachmentIds), http, messages, limiter, ct))
            .Produces<ChatMessage>(StatusCodes.Status201Created).Produces<ChatMessage>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/messages", async (string conversationId, long? before, long? after, int? limit, HttpContext http,
                HistoryService history, CancellationToken ct) =>
                Problems.Match(await history.HistoryAsync(http.User.UserId(), conversationId, before, after, limit, ct), Results.Ok))
            .Produces<MessagePage>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/messages/{seq:long}", async (string conversationId, long seq, EditMessageRequest request, HttpContext http,
                MessageActions actions, CancellationToken ct) =>
                Problems.Match(await actions.EditAsync(http.User.UserId(), conversationId, seq, request.Text, ct), Results.Ok))
            .Produces<ChatMessage>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/messages/{seq:long}", async (string conversationId, long seq, bool? forEveryone, HttpContext http,
                MessageActions actions, CancellationToken ct) =>
                Problems.Match(await actions.DeleteAsync(http.User.UserId(), conversationId, seq, forEveryone ?? false, ct), _ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/messages/{seq:long}/edits", async (string conversationId, long seq, HttpContext http, HistoryService history, CancellationToken ct) =>
                Problems.Match(await history.EditsAsync(http.User.UserId(), conversationId, seq, ct), Results.Ok))
            .Produces<MessageEdit[]>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/messages/{seq:long}/reactions/{emoji}", (string conversationId, long seq, string emoji, HttpContext http,
                MessageActions actions, CancellationToken ct) => ReactAsync(conversationId, seq, emoji, add: true, http, actions, ct))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/messages/{seq:long}/reactions/{emoji}", (string conversationId, long seq, string emoji, HttpContext http,
                MessageActions actions, CancellationToken ct) => ReactAsync(conversationId, seq, emoji, add: false, http, actions, ct))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/messages/{seq:long}/forward", async (string conversationId, long seq, ForwardRequest request, HttpContext http,
                MessageService messages, ChatSendLimiter limiter, CancellationToken ct) =>
            {
                if (limiter.TryAcquire(http.User.UserId()) is { } wait)
                {
                    return AuthRateLimits.TooManyRequests(wait, "user");
                }

                return Problems.Match(
                    await messages.ForwardAsync(http.User.UserId(), conversationId, seq, request.ToConversationId ?? "", request.ClientMessageId, ct),
                    SentResult);
            })
            .Produces<ChatMessage>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/search", async (string conversationId, string? q, int? limit, HttpContext http, HistoryService history, CancellationToken ct) =>
                Problems.Match(await history.SearchAsync(http.User.UserId(), conversationId, q, limit, ct), Results.Ok))
            .Produces<ChatMessage[]>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> SendAsync(
        SendMessage request, HttpContext http, MessageService messages, ChatSendLimiter limiter, CancellationToken ct)
    {
        if (limiter.TryAcquire(http.User.UserId()) is { } wait)
        {
            return AuthRateLimits.TooManyRequests(wait, "user");
        }

        return Problems.Match(await messages.SendAsync(http.User.UserId(), request, ct), SentResult);
    }

    private static IResult SentResult(SendOutcome outcome) =>
        outcome.Created
            ? Results.Created($"/api/conversations/{outcome.Message.ConversationId}/messages/{outcome.Message.Seq}", outcome.Message)
            : Results.Ok(outcome.Message);

    private static async Task<IResult> ReactAsync(
        string conversationId, long seq, string emoji, bool add, HttpContext http, MessageActions actions, CancellationToken ct) =>
        Problems.Match(await actions.ReactAsync(http.User.UserId(), conversationId, seq, emoji, add, ct), _ => Results.NoContent());
}
