using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Presence;
using Messenger.ChatCore.Sync;
using Messenger.Signalling.Auth;

namespace Messenger.Signalling.Api;

public sealed record VisibilityRequest(PresenceVisibility? Visibility);

/// <summary>Catch-up sync, search across all of a user's conversations, and presence.</summary>
public static class ChatSyncEndpoints
{
    public static void MapChatSyncEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sync", async (long? since, int? limit, HttpContext http, SyncService sync, CancellationToken ct) =>
                Problems.Match(await sync.PageAsync(http.User.UserId(), since, limit, ct), Results.Ok))
            .WithTags("Sync").RequireAuthorization().Produces<SyncPage>().ProducesValidationProblem();
        app.MapGet("/api/search/messages", async (string? q, int? limit, HttpContext http, HistoryService history, CancellationToken ct) =>
                Problems.Match(await history.SearchAsync(http.User.UserId(), null, q, limit, ct), Results.Ok))
            .WithTags("Messages").RequireAuthorization().Produces<ChatMessage[]>().ProducesValidationProblem();

        var presence = app.MapGroup("/api/presence").WithTags("Presence").RequireAuthorization();
        presence.MapGet("/{userId}", async (string userId, HttpContext http, PresenceService service, CancellationToken ct) =>
            Results.Ok(await service.GetAsync(http.User.UserId(), userId, ct))).Produces<PresenceView>();
        presence.MapPut("/visibility", async (VisibilityRequest request, HttpContext http, PresenceService service, CancellationToken ct) =>
            {
                if (request.Visibility is not { } visibility)
                {
                    return Problems.Field(StatusCodes.Status400BadRequest, "Bad request", "visibility", "Visibility is everyone, contacts or nobody.");
                }

                await service.SetVisibilityAsync(http.User.UserId(), visibility, ct);
                return Results.NoContent();
            })
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem();
    }
}
