using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Sessions;
using Messenger.ChatCore.Storage;
using Messenger.Signalling.Auth;

namespace Messenger.Signalling.Api;

public sealed record UpdateProfileRequest(string? DisplayName, string? About);

public sealed record DeviceView(string Id, string Name, DateTimeOffset CreatedAt, bool Current);

public sealed record RelatedUserView(UserProfile User, DateTimeOffset Since);

/// <summary>Profiles, search, devices, contacts and blocks: the REST face of the user directory.</summary>
public static class DirectoryEndpoints
{
    public const int DefaultSearchLimit = 20;

    public static void MapDirectoryEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization();
        users.MapGet("/me", GetMeAsync).Produces<UserProfile>();
        users.MapPatch("/me", UpdateMeAsync).Produces<UserProfile>().ProducesValidationProblem();
        users.MapGet("/{userId}", GetUserAsync).Produces<UserProfile>().ProducesProblem(StatusCodes.Status404NotFound);
        users.MapGet("/", SearchAsync).Produces<Page<UserProfile>>().ProducesValidationProblem();

        var devices = app.MapGroup("/api/devices").WithTags("Devices").RequireAuthorization();
        devices.MapGet("/", ListDevicesAsync).Produces<DeviceView[]>();
        devices.MapDelete("/{deviceId}", RevokeDeviceAsync).Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);

        MapRelation(app, "/api/contacts", "Contacts", RelationKind.Contact);
        MapRelation(app, "/api/blocks", "Blocks", RelationKind.Block);
    }

    private static async Task<IResult> GetMeAsync(HttpContext context, UserDirectory directory, CancellationToken cancellationToken)
    {
        var account = await directory.FindAsync(context.User.UserId(), cancellationToken);
        return account is null ? NoSuchUser() : Results.Ok(UserProfile.From(account, includePrivate: true));
    }

    private static async Task<IResult> UpdateMeAsync(
        UpdateProfileRequest request, HttpContext context, UserDirectory directory, CancellationToken cancellationToken)
    {
        var result = await directory.UpdateProfileAsync(context.User.UserId(), request.DisplayName, request.About, cancellationToken);
        return Problems.Match(result, account => Results.Ok(UserProfile.From(account, includePrivate: true)));
    }

    private static async Task<IResult> GetUserAsync(string userId, UserDirectory directory, CancellationToken cancellationToken)
    {
        var account = await directory.FindAsync(userId, cancellationToken);
        return account is null ? NoSuchUser() : Results.Ok(UserProfile.From(account));
    }

    private static async Task<IResult> SearchAsync(
        string? query, int? offset, int? limit, UserDirectory directory, CancellationToken cancellationToken)
    {
        var result = await directory.SearchAsync(query, offset ?? 0, limit ?? DefaultSearchLimit, cancellationToken);
        return Problems.Match(result, page => Results.Ok(page));
    }

    private static async Task<IResult> ListDevicesAsync(
        HttpContext context, DeviceSessionService sessions, CancellationToken cancellationToken)
    {
        var current = context.User.DeviceId();
        var list = await sessions.ListAsync(context.User.UserId(), cancellationToken);
        return Results.Ok(list.Select(s => new DeviceView(s.Id, s.DeviceName, s.CreatedAt, s.Id == current)).ToArray());
    }

    private static async Task<IResult> RevokeDeviceAsync(
        string deviceId, HttpContext context, DeviceSessionService sessions, CancellationToken cancellationToken) =>
        await sessions.RevokeAsync(context.User.UserId(), deviceId, cancellationToken)
            ? Results.NoContent()
            : Problems.Field(StatusCodes.Status404NotFound, "Not found", "deviceId", "No such active device.");

    private static void MapRelation(IEndpointRouteBuilder app, string prefix, string tag, RelationKind kind)
    {
        var group = app.MapGroup(prefix).WithTags(tag).RequireAuthorization();
        group.MapGet("/", async (HttpContext context, UserDirectory directory, CancellationToken cancellationToken) =>
        {
            var list = await directory.ListRelationsAsync(kind, context.User.UserId(), cancellationToken);
            return Results.Ok(list.Select(r => new RelatedUserView(r.User, r.Since)).ToArray());
        }).Produces<RelatedUserView[]>();
        group.MapPut("/{userId}", async (string userId, HttpContext context, UserDirectory directory, CancellationToken cancellationToken) =>
            Problems.Match(
                await directory.AddRelationAsync(kind, context.User.UserId(), userId, cancellationToken),
                _ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{userId}", async (string userId, HttpContext context, UserDirectory directory, CancellationToken cancellationToken) =>
            Problems.Match(
                await directory.RemoveRelationAsync(kind, context.User.UserId(), userId, cancellationToken),
                removed => removed
                    ? Results.NoContent()
                    : Problems.Field(StatusCodes.Status404NotFound, "Not found", "userId", $"Not in your {tag.ToLowerInvariant()}.")))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IResult NoSuchUser() =>
        Problems.Field(StatusCodes.Status404NotFound, "Not found", "userId", "No such user.");
}
