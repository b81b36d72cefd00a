using Messenger.ChatCore.Directory;
using Messenger.Signalling.Api;

namespace Messenger.Signalling.Identity;

public sealed record IdentityProviderView(string Name, string DisplayName);

/// <summary>mode: "login" (anonymous) or "link" (needs the bearer token); deviceName names the new session on login.</summary>
public sealed record StartSignInRequest(string? Mode, string? DeviceName);

/// <summary>The web client navigates to <paramref name="AuthorizationUrl"/>.</summary>
public sealed record StartSignInResponse(Uri AuthorizationUrl, int ExpiresIn);

public sealed record CompleteSignInRequest(string? Code);

/// <summary>
/// The result behind a one-time code. mode "login": <paramref name="Tokens"/> are our own access and refresh tokens,
/// <paramref name="AccountCreated"/> says the subject was new. mode "link": no tokens; the profile shows the badge.
/// </summary>
public sealed record SignInResult(
    string Mode, string Provider, bool AccountCreated, TokenResponse? Tokens, UserProfile Profile);

public sealed record LinkedIdentityView(
    string Provider, string? FullName, DateOnly? BirthDate, bool DocumentsChecked, DateTimeOffset LinkedAt,
    DateTimeOffset VerifiedAt)
{
    public static LinkedIdentityView From(ExternalIdentity identity) => new(
        identity.Provider, identity.Attributes.FullName, identity.Attributes.BirthDate,
        identity.Attributes.DocumentsChecked, identity.LinkedAt, identity.VerifiedAt);
}
