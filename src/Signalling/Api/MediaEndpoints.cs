using System.Text.RegularExpressions;
using Messenger.ChatCore.Directory;
using Messenger.Signalling.Auth;
using Microsoft.IdentityModel.Tokens;

namespace Messenger.Signalling.Api;

public sealed record MediaTokenRequest(string? Room, bool? Publish, bool? Subscribe);

public sealed record MediaTokenResponse(string Token, int ExpiresIn, string Room, string WhipUrl, string WhepUrl);

/// <summary>Hands out the room join tokens that the media server trusts.</summary>
public static partial class MediaEndpoints
{
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    public static partial Regex RoomName();

    public static void MapMediaTokenEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/media/token", IssueAsync).WithTags("Media").RequireAuthorization()
            .Produces<MediaTokenResponse>().ProducesValidationProblem();

        // Standalone media nodes verify join tokens with this key; it is public, so no sign-in is needed to fetch it.
        app.MapGet("/api/media/public-key", PublicKey).WithTags("Media").Produces<string>(contentType: PemContentType);
    }

    public const string PemContentType = "application/x-pem-file";

    private static IResult PublicKey(ECDsaSecurityKey signingKey) =>
        Results.Text(signingKey.ECDsa.ExportSubjectPublicKeyInfoPem() + "\n", PemContentType);

    private static async Task<IResult> IssueAsync(
        MediaTokenRequest request, HttpContext context, UserDirectory directory, TokenIssuer tokens,
        CancellationToken cancellationToken)
    {
        if (request.Room is null || !RoomName().IsMatch(request.Room))
        {
            return Problems.From(new DirectoryError(DirectoryErrorKind.Validation, "room",
                "Room names are 1-64 characters of A-Z, a-z, 0-9, '_' and '-'."));
        }

        bool publish = request.Publish ?? true, subscribe = request.Subscribe ?? true;
        if (!publish && !subscribe)
        {
            return Problems.From(new DirectoryError(DirectoryErrorKind.Validation, "publish",
                "A token must allow publishing, subscribing or both."));
        }

        var account = await directory.FindAsync(context.User.UserId(), cancellationToken);
        if (account is null)
        {
            return Problems.Field(StatusCodes.Status401Unauthorized, "Unauthorized", "authorization", "The account no longer exists.");
        }

        var (token, expiresIn) = tokens.IssueJoinToken(account, request.Room, publish, subscribe);
        return Results.Ok(new MediaTokenResponse(token, expiresIn, request.Room, $"/whip/{request.Room}", $"/whep/{request.Room}"));
    }
}
