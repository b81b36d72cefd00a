using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Sessions;
using Messenger.Signalling.Api;
using Messenger.Signalling.Auth;
using Microsoft.Extensions.Options;

namespace Messenger.Signalling.Identity;

/// <summary>
/// The redirect_uri: checks state (single use, RFC 6749 §10.12), completes the code flow, then signs the user in or
/// links the identity, and sends the browser back to the web client with a one-time code in the fragment.
/// </summary>
public static class IdentityCallback
{
    public static async Task<IResult> HandleAsync(
        string provider, string? code, string? state, string? error, string? error_description,
        IdentityProviders providers, OneTimeStore<PendingSignIn> pending, OneTimeStore<SignInResult> handoffs,
        ExternalIdentityService identities, UserDirectory directory, DeviceSessionService sessions, TokenIssuer tokens,
        IOptions<IdentityOptions> options, CancellationToken cancellationToken)
    {
        if (providers.Find(provider) is not { } party)
        {
            return IdentityEndpoints.UnknownProvider();
        }

        // Taken, not read: a replayed or forged state finds nothing, and a state is never good for another provider.
        var signIn = pending.Take(state);
        if (signIn is null || !string.Equals(signIn.Provider, party.Name, StringComparison.Ordinal))
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "Bad request", "state",
                "Unknown, expired or already used sign-in state; start again.");
        }

        if (!string.IsNullOrEmpty(error))
        {
            // RFC 6749 §4.1.2.1: the provider declined (the user cancelled, or it refused us).
            return Problems.Field(StatusCodes.Status400BadRequest, "Bad request", "error",
                $"The provider answered {error}{(string.IsNullOrEmpty(error_description) ? "" : ": " + error_description)}.");
        }

        if (string.IsNullOrEmpty(code))
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "Bad request", "code", "The provider sent no code.");
        }

        ProviderSignIn verified;
        try
        {
            var (result, failure) = await party.CompleteAsync(code, signIn, cancellationToken);
            if (failure is not null)
            {
                return Problems.Field(failure.Status, "Bad gateway", failure.Field, failure.Message);
            }

            verified = result!;
        }
        catch (HttpRequestException exception)
        {
            return IdentityEndpoints.ProviderUnreachable(exception);
        }

        var attributes = verified.PersonData ?? VerifiedClaims.Map(party.Options, verified.Claims);
        SignInResult outcome;
        if (signIn.Mode == SignInMode.Login)
        {
            var account = await identities.SignInAsync(party.Name, verified.Subject, attributes, cancellationToken);
            if (!account.IsSuccess)
            {
                return Problems.From(account.Error!);
            }

            var (user, created) = account.Value!;
            var session = await sessions.StartAsync(user, signIn.DeviceName ?? party.Name, cancellationToken);
            if (!session.IsSuccess)
            {
                return Problems.From(session.Error!);
            }

            var (accessToken, expiresIn) = tokens.IssueAccessToken(user, session.Value!.Session);
            var issued = new TokenResponse(accessToken, session.Value.RefreshToken, expiresIn, user.Id, session.Value.Session.Id);
            outcome = new SignInResult("login", party.Name, created, issued, UserProfile.From(user, includePrivate: true));
        }
        else
        {
            var link = await identities.LinkAsync(signIn.UserId!, party.Name, verified.Subject, attributes, cancellationToken);
            if (!link.IsSuccess)
            {
                return Problems.From(link.Error!);
            }

            var user = await directory.FindAsync(signIn.UserId!, cancellationToken);
            if (user is null)
            {
                return Problems.Field(StatusCodes.Status404NotFound, "Not found", "userId", "No such user.");
            }

            outcome = new SignInResult("link", party.Name, false, null, UserProfile.From(user, includePrivate: true));
        }

        var handoff = PendingSignIn.NewSecret();
        handoffs.Add(handoff, outcome, options.Value.HandoffLifetime);
        return Results.Redirect($"{options.Value.ReturnPath}#identity_code={handoff}");
    }
}
