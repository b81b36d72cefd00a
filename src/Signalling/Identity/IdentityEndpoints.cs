using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Sessions;
using Messenger.Signalling.Api;
using Messenger.Signalling.Auth;
using Microsoft.Extensions.Options;

namespace Messenger.Signalling.Identity;

/// <summary>
/// Sign-in through, and linking to, external OpenID Connect providers (issue #7, docs/identity.md). The browser goes
/// start → provider → callback; the callback hands the outcome to the web client as a one-time code in the URL
/// fragment, which browsers never send to servers, so our tokens stay out of every access log; the client redeems
/// it with POST /api/identity/complete.
/// </summary>
public static class IdentityEndpoints
{
    public static void MapIdentityEndpoints(this IEndpointRouteBuilder app)
    {
        var identity = app.MapGroup("/api/identity").WithTags("Identity");
        identity.MapGet("/providers", (IdentityProviders providers) => Results.Ok(providers.All
                .Select(p => new IdentityProviderView(p.Name, p.Options.DisplayName.Length > 0 ? p.Options.DisplayName : p.Name))
                .ToArray()))
            .Produces<IdentityProviderView[]>();
        identity.MapPost("/{provider}/start", StartAsync).RequireRateLimiting(AuthRateLimits.PerIpPolicy)
            .Produces<StartSignInResponse>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        identity.MapGet("/{provider}/callback", IdentityCallback.HandleAsync)
            .Produces(StatusCodes.Status302Found).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status502BadGateway);
        identity.MapPost("/complete", Complete).RequireRateLimiting(AuthRateLimits.PerIpPolicy)
            .Produces<SignInResult>().ProducesProblem(StatusCodes.Status400BadRequest);
        identity.MapGet("/links", ListLinksAsync).RequireAuthorization().Produces<LinkedIdentityView[]>();
        identity.MapDelete("/{provider}", UnlinkAsync).RequireAuthorization()
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }

    internal static IResult UnknownProvider() =>
        Problems.Field(StatusCodes.Status404NotFound, "Not found", "provider", "No such identity provider.");

    private static async Task<IResult> StartAsync(
        string provider, StartSignInRequest? request, HttpContext context, IdentityProviders providers,
        OneTimeStore<PendingSignIn> pending, IOptions<IdentityOptions> options, CancellationToken cancellationToken)
    {
        if (providers.Find(provider) is not { } party)
        {
            return UnknownProvider();
        }

        SignInMode? mode = request?.Mode?.ToLowerInvariant() switch
        {
            null or "login" => SignInMode.Login,
            "link" => SignInMode.Link,
            _ => null,
        };
        if (mode is null)
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "Bad request", "mode", "Mode must be login or link.");
        }

        var signedIn = context.User.Identity?.IsAuthenticated == true;
        if (mode == SignInMode.Link && !signedIn)
        {
            return Problems.Field(StatusCodes.Status401Unauthorized, "Unauthorized", "mode",
                "Linking an identity needs the bearer token of the account to link it to.");
        }

        if (AccountRules.CheckDeviceName(request?.DeviceName) is { } invalid)
        {
            return Problems.From(invalid);
        }

        var state = PendingSignIn.NewSecret();
        var signIn = new PendingSignIn(
            party.Name, mode.Value, mode == SignInMode.Link ? context.User.UserId() : null, request?.DeviceName,
            PendingSignIn.NewSecret(), PendingSignIn.NewSecret(), CallbackUri(context, options.Value, party.Name));
        Uri url;
        try
        {
            url = await party.BuildAuthorizationUrlAsync(state, signIn, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            return ProviderUnreachable(exception);
        }

        var lifetime = options.Value.StateLifetime;
        pending.Add(state, signIn, lifetime);
        return Results.Ok(new StartSignInResponse(url, (int)lifetime.TotalSeconds));
    }

    private static IResult Complete(CompleteSignInRequest request, OneTimeStore<SignInResult> handoffs) =>
        handoffs.Take(request.Code) is { } result
            ? Results.Ok(result)
            : Problems.Field(StatusCodes.Status400BadRequest, "Bad request", "code",
                "Unknown, expired or already used sign-in code.");

    private static async Task<IResult> ListLinksAsync(
        HttpContext context, ExternalIdentityService identities, CancellationToken cancellationToken)
    {
        var links = await identities.ListAsync(context.User.UserId(), cancellationToken);
        return Results.Ok(links.Select(LinkedIdentityView.From).ToArray());
    }

    private static async Task<IResult> UnlinkAsync(
        string provider, HttpContext context, ExternalIdentityService identities, CancellationToken cancellationToken) =>
        await identities.UnlinkAsync(context.User.UserId(), provider.ToLowerInvariant(), cancellationToken)
            ? Results.NoContent()
            : Problems.Field(StatusCodes.Status404NotFound, "Not found", "provider", "Your account has no link to that provider.");

    internal static IResult ProviderUnreachable(Exception exception) =>
        Problems.Field(StatusCodes.Status502BadGateway, "Bad gateway", "provider",
            $"The identity provider could not be reached: {exception.Message}");

    /// <summary>The redirect_uri registered at the provider; it must be byte-for-byte the same in both requests.</summary>
    private static Uri CallbackUri(HttpContext context, IdentityOptions options, string provider)
    {
        var origin = options.PublicBaseUrl.Length > 0
            ? options.PublicBaseUrl.TrimEnd('/')
            : $"{context.Request.Scheme}://{context.Request.Host}";
        return new Uri($"{origin}/api/identity/{provider}/callback");
    }
}
