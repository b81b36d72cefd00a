using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Sessions;
using Messenger.Signalling.Auth;

namespace Messenger.Signalling.Api;

public sealed record RegisterRequest(string? Username, string? Password, string? DisplayName);

public sealed record RegisterResponse(string UserId);

public sealed record LoginRequest(string? Username, string? Password, string? DeviceName);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record TokenResponse(string AccessToken, string RefreshToken, int ExpiresIn, string UserId, string DeviceId);

public static class AuthEndpoints
{
    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/register", RegisterAsync).RequireRateLimiting(AuthRateLimits.PerIpPolicy)
            .Produces<RegisterResponse>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/login", LoginAsync).RequireRateLimiting(AuthRateLimits.PerIpPolicy)
            .Produces<TokenResponse>().ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/refresh", RefreshAsync).RequireRateLimiting(AuthRateLimits.PerIpPolicy)
            .Produces<TokenResponse>().ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapPost("/logout", LogoutAsync).RequireAuthorization()
            .Produces(StatusCodes.Status204NoContent);
    }

    private static async Task<IResult> RegisterAsync(
        RegisterRequest request, UserDirectory directory, UsernameLimiter limiter, CancellationToken cancellationToken)
    {
        if (limiter.TryAcquire(AccountRules.NormalizeUsername(request.Username)) is { } wait)
        {
            return AuthRateLimits.TooManyRequests(wait, "username");
        }

        var result = await directory.RegisterAsync(request.Username, request.Password, request.DisplayName, cancellationToken);
        return Problems.Match(result, account =>
            Results.Created($"/api/users/{account.Id}", new RegisterResponse(account.Id)));
    }

    private static async Task<IResult> LoginAsync(
        LoginRequest request, UserDirectory directory, DeviceSessionService sessions, TokenIssuer tokens,
        UsernameLimiter limiter, CancellationToken cancellationToken)
    {
        if (limiter.TryAcquire(AccountRules.NormalizeUsername(request.Username)) is { } wait)
        {
            return AuthRateLimits.TooManyRequests(wait, "username");
        }

        var account = await directory.AuthenticateAsync(request.Username, request.Password, cancellationToken);
        if (!account.IsSuccess)
        {
            return Problems.From(account.Error!);
        }

        var issued = await sessions.StartAsync(account.Value!, request.DeviceName, cancellationToken);
        return Problems.Match(issued, session => Results.Ok(ToResponse(tokens, account.Value!, session)));
    }

    private static async Task<IResult> RefreshAsync(
        RefreshRequest request, UserDirectory directory, DeviceSessionService sessions, TokenIssuer tokens,
        CancellationToken cancellationToken)
    {
        var issued = await sessions.RefreshAsync(request.RefreshToken, cancellationToken);
        if (!issued.IsSuccess)
        {
            return Problems.From(issued.Error!);
        }

        var account = await directory.FindAsync(issued.Value!.Session.UserId, cancellationToken);
        return account is null
            ? Problems.Field(StatusCodes.Status401Unauthorized, "Unauthorized", "refreshToken", "The account no longer exists.")
            : Results.Ok(ToResponse(tokens, account, issued.Value));
    }

    private static async Task<IResult> LogoutAsync(
        HttpContext context, DeviceSessionService sessions, CancellationToken cancellationToken)
    {
        await sessions.RevokeAsync(context.User.UserId(), context.User.DeviceId(), cancellationToken);
        return Results.NoContent();
    }

    private static TokenResponse ToResponse(TokenIssuer tokens, UserAccount account, IssuedSession issued)
    {
        var (accessToken, expiresIn) = tokens.IssueAccessToken(account, issued.Session);
        return new TokenResponse(accessToken, issued.RefreshToken, expiresIn, account.Id, issued.Session.Id);
    }
}
