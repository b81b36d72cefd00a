using Messenger.ChatCore.Calls;
using Messenger.ChatCore.Conversations;
using Messenger.Signalling.Api;
using Messenger.Signalling.Auth;
using Microsoft.Extensions.Options;

namespace Messenger.Signalling.Calls;

public sealed record CreateCallLinkRequest(string? ConversationId, int? ExpiresInSeconds);

public sealed record CallLinkResponse(string Token, string Id, string ConversationId, DateTimeOffset ExpiresAt, string JoinUrl);

/// <summary>TURN credentials and call links over REST; call signalling itself is on the chat hub.</summary>
public static class CallEndpoints
{
    public static void MapCallEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/turn-credentials", (HttpContext http, TurnCredentials turn) => Results.Ok(turn.For(http.User.UserId())))
            .WithTags("Calls").RequireAuthorization().Produces<TurnCredentialsResponse>();

        var links = app.MapGroup("/api/calls/links").WithTags("Calls").RequireAuthorization();
        links.MapPost("/", CreateLinkAsync)
            .Produces<CallLinkResponse>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        links.MapDelete("/{token}", async (string token, HttpContext http, CallLinkService service, CancellationToken ct) =>
                Problems.Match(await service.RevokeAsync(http.User.UserId(), token, ct), _ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        links.MapPost("/{token}/join", JoinByLinkAsync)
            .Produces<CallJoin>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> CreateLinkAsync(
        CreateCallLinkRequest request, HttpContext http, CallLinkService service, IOptions<CallOptions> options, CancellationToken ct)
    {
        var longest = options.Value.LinkLifetime;
        if (request.ExpiresInSeconds is < 1 || (request.ExpiresInSeconds is { } asked && TimeSpan.FromSeconds(asked) > longest))
        {
            return Problems.From(ChatErrors.Invalid("expiresInSeconds", $"A link lives 1-{(long)longest.TotalSeconds} seconds."));
        }

        var lifetime = request.ExpiresInSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : longest;
        return Problems.Match(await service.CreateAsync(http.User.UserId(), request.ConversationId, lifetime, ct), created =>
            Results.Created($"/api/calls/links/{created.Token}", new CallLinkResponse(
                created.Token, created.Link.Id, created.Link.ConversationId, created.Link.ExpiresAt, $"/api/calls/links/{created.Token}/join")));
    }

    private static async Task<IResult> JoinByLinkAsync(
        string token, HttpContext http, CallLinkService links, CallService calls, CancellationToken ct)
    {
        var link = await links.ResolveAsync(token, ct);
        if (!link.IsSuccess)
        {
            return Problems.From(link.Error!);
        }

        return Problems.Match(await calls.JoinByLinkAsync(http.User.UserId(), http.User.DeviceId(), link.Value!, ct), Results.Ok);
    }
}
