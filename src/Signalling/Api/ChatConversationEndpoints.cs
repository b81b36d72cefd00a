using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Receipts;
using Messenger.Signalling.Auth;

namespace Messenger.Signalling.Api;

public sealed record CreateConversationRequest(ConversationKind? Kind, string? Title, string[]? MemberIds);

public sealed record UpdateConversationRequest(string? Title, string? Avatar);

public sealed record SetRoleRequest(MemberRole? Role);

public sealed record SeqRequest(long? Seq);

/// <summary>
/// Conversations over REST: list, create, rename, members and roles, join and leave, pin, receipts. Non-members get
/// 404 for a conversation, members without the role 403.
/// </summary>
public static class ChatConversationEndpoints
{
    public static void MapChatConversationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/conversations").WithTags("Conversations").RequireAuthorization();
        group.MapGet("/", async (HttpContext http, ConversationService conversations, CancellationToken ct) =>
            Results.Ok(await conversations.ListAsync(http.User.UserId(), ct))).Produces<ConversationSummary[]>();
        group.MapPost("/", async (CreateConversationRequest request, HttpContext http, ConversationService conversations, CancellationToken ct) =>
                Problems.Match(
                    await conversations.CreateAsync(http.User.UserId(), request.Kind ?? ConversationKind.Group, request.Title, request.MemberIds, ct),
                    created => Results.Created($"/api/conversations/{created.Id}", created)))
            .Produces<Conversation>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapGet("/{conversationId}", async (string conversationId, HttpContext http, ConversationService conversations, CancellationToken ct) =>
                Problems.Match(await conversations.GetAsync(http.User.UserId(), conversationId, ct), Results.Ok))
            .Produces<ConversationSummary>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{conversationId}", async (string conversationId, UpdateConversationRequest request, HttpContext http,
                ConversationService conversations, CancellationToken ct) =>
                Problems.Match(await conversations.UpdateAsync(http.User.UserId(), conversationId, request.Title, request.Avatar, ct), Results.Ok))
            .Produces<Conversation>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{conversationId}/members", async (string conversationId, int? offset, int? limit, HttpContext http,
                ConversationService conversations, CancellationToken ct) =>
                Problems.Match(await conversations.ListMembersAsync(http.User.UserId(), conversationId, offset ?? 0, limit ?? 100, ct), Results.Ok))
            .Produces<Member[]>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{conversationId}/members/{userId}", async (string conversationId, string userId, HttpContext http,
                ConversationService conversations, CancellationToken ct) =>
                Problems.Match(await conversations.AddMemberAsync(http.User.UserId(), conversationId, userId, ct), Results.Ok))
            .Produces<Member>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{conversationId}/members/{userId}", async (string conversationId, string userId, HttpContext http,
                ConversationService conversations, CancellationToken ct) =>
                Problems.Match(await conversations.RemoveMemberAsync(http.User.UserId(), conversationId, userId, ct), _ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{conversationId}/members/{userId}/role", async (string conversationId, string userId, SetRoleRequest request,
                HttpContext http, ConversationService conversations, CancellationToken ct) =>
                request.Role is not { } role
                    ? Problems.Field(StatusCodes.Status400BadRequest, "Bad request", "role", "A role is required.")
                    : Problems.Match(await conversations.SetRoleAsync(http.User.UserId(), conversationId, userId, role, ct), Results.Ok))
            .Produces<Member>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{conversationId}/join", async (string conversationId, HttpContext http, ConversationService conversations, CancellationToken ct) =>
                Problems.Match(await conversations.JoinChannelAsync(http.User.UserId(), conversationId, ct), Results.Ok))
            .Produces<Member>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{conversationId}/leave", async (string conversationId, HttpContext http, ConversationService conversations, CancellationToken ct) =>
                Problems.Match(await conversations.RemoveMemberAsync(http.User.UserId(), conversationId, http.User.UserId(), ct), _ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPut("/{conversationId}/pin", async (string conversationId, SeqRequest request, HttpContext http, MessageActions actions, CancellationToken ct) =>
                request.Seq is null
                    ? Problems.Field(StatusCodes.Status400BadRequest, "Bad request", "seq", "The seq to pin is required.")
                    : Problems.Match(await actions.PinAsync(http.User.UserId(), conversationId, request.Seq, ct), Results.Ok))
            .Produces<PinnedData>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{conversationId}/pin", async (string conversationId, HttpContext http, MessageActions actions, CancellationToken ct) =>
                Problems.Match(await actions.PinAsync(http.User.UserId(), conversationId, null, ct), Results.Ok))
            .Produces<PinnedData>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{conversationId}/read", (string conversationId, SeqRequest request, HttpContext http, ReceiptService receipts, CancellationToken ct) =>
                MarkAsync(conversationId, request, read: true, http, receipts, ct))
            .Produces<Receipt>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{conversationId}/delivered", (string conversationId, SeqRequest request, HttpContext http, ReceiptService receipts, CancellationToken ct) =>
                MarkAsync(conversationId, request, read: false, http, receipts, ct))
            .Produces<Receipt>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> MarkAsync(
        string conversationId, SeqRequest request, bool read, HttpContext http, ReceiptService receipts, CancellationToken ct) =>
        request.Seq is not { } seq
            ? Problems.Field(StatusCodes.Status400BadRequest, "Bad request", "seq", "The seq read or delivered up to is required.")
            : Problems.Match(await receipts.MarkAsync(http.User.UserId(), conversationId, seq, read, ct), Results.Ok);
}
