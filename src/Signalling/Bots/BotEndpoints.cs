using Messenger.ChatCore.Bots;
using Messenger.Signalling.Api;
using Messenger.Signalling.Auth;

namespace Messenger.Signalling.Bots;

public sealed record CreateBotRequest(string? Username, string? DisplayName);

public sealed record PressButtonRequest(string? Data);

public sealed record PressButtonResponse(string CallbackQueryId);

/// <summary>
/// Users' side of bots over REST (problem+json errors as everywhere under /api): owners create, list, delete bots and
/// rotate their tokens; members press inline buttons under bots' messages.
/// </summary>
public static class BotEndpoints
{
    public static void MapBotEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/bots").WithTags("Bots").RequireAuthorization();
        group.MapPost("/", async (CreateBotRequest request, HttpContext http, BotService bots, CancellationToken ct) =>
                Problems.Match(await bots.CreateAsync(http.User.UserId(), request.Username, request.DisplayName, ct),
                    created => Results.Created($"/api/bots/{created.Bot.Id}", created)))
            .Produces<BotWithToken>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", async (HttpContext http, BotService bots, CancellationToken ct) =>
                Results.Ok(await bots.ListAsync(http.User.UserId(), ct)))
            .Produces<BotInfo[]>();
        group.MapDelete("/{botId}", async (string botId, HttpContext http, BotService bots, CancellationToken ct) =>
                Problems.Match(await bots.DeleteAsync(http.User.UserId(), botId, ct), _ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{botId}/token", async (string botId, HttpContext http, BotService bots, CancellationToken ct) =>
                Problems.Match(await bots.RotateTokenAsync(http.User.UserId(), botId, ct), Results.Ok))
            .Produces<BotWithToken>().ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/api/conversations/{conversationId}/messages/{seq:long}/callback", async (string conversationId, long seq,
                PressButtonRequest request, HttpContext http, BotMessenger messenger, BotUpdateQueue queue, CancellationToken ct) =>
            {
                var press = await messenger.PressAsync(http.User.UserId(), conversationId, seq, request.Data, ct);
                if (press.IsSuccess)
                {
                    queue.Pulse(press.Value!.BotId);
                }

                return Problems.Match(press, p => Results.Accepted(value: new PressButtonResponse(p.CallbackQueryId)));
            })
            .WithTags("Bots").RequireAuthorization()
            .Produces<PressButtonResponse>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
