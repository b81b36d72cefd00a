using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using Org.BouncyCastle.X509;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Messenger.Signalling.Tests.Identity;

/// <summary>The person the provider's auto-approving login signs in next.</summary>
public sealed record ProviderUser(
    string Subject, string GivenName, string FamilyName, string MiddleName, string BirthDate, bool Trusted);

public enum IdTokenTamper
{
    None,
    WrongAudience,
    WrongNonce,
}

/// <summary>
/// A real OpenID Connect provider on loopback: OpenIddict's server in degraded mode (no stores; our handlers stand in
/// for its client registry), authorization code flow with PKCE required, ephemeral keys, HTTP allowed. Two clients:
/// "messenger-plain" with a shared secret, and "messenger-esia" that authenticates ESIA-style with a GOST CMS
/// signature, which <see cref="VerifyGostSecret"/> checks against the client certificate with BouncyCastle.
/// </summary>
public sealed class TestOidcProvider : IAsyncDisposable
{
    public const string PlainClientId = "messenger-plain";
    public const string PlainClientSecret = "plain secret: not a GOST signature";
    public const string EsiaClientId = "messenger-esia";

    private readonly WebApplication _app;
    private readonly X509Certificate _esiaCertificate;
    private readonly ConcurrentBag<string> _esiaTokenRequestsVerified = [];
    private int _gostSecretsVerified;

    private TestOidcProvider(WebApplication app, X509Certificate esiaCertificate)
    {
        _app = app;
        _esiaCertificate = esiaCertificate;
    }

    public Uri Issuer { get; private set; } = null!;

    public ProviderUser NextUser { get; set; } = new("subject-1", "Ivan", "Ivanov", "Ivanovich", "1990-05-17", true);

    public IdTokenTamper Tamper { get; set; }

    /// <summary>GOST client secrets that verified (authorization and token requests of the ESIA client).</summary>
    public int GostSecretsVerified => Volatile.Read(ref _gostSecretsVerified);

    public static async Task<TestOidcProvider> StartAsync(string esiaCertificatePath)
    {
        var certificate = new X509CertificateParser().ReadCertificate(File.ReadAllBytes(esiaCertificatePath));
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        TestOidcProvider? self = null;
        builder.Services.AddOpenIddict().AddServer(server =>
        {
            server.EnableDegradedMode();
            server.SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token")
                .SetUserInfoEndpointUris("connect/userinfo");
            server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            server.RegisterScopes(Scopes.OpenId, Scopes.Profile);
            server.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            server.UseAspNetCore().DisableTransportSecurityRequirement();
            server.AddEventHandler<ValidateAuthorizationRequestContext>(h => h.UseInlineHandler(c => self!.ValidateAuthorization(c)));
            server.AddEventHandler<HandleAuthorizationRequestContext>(h => h.UseInlineHandler(c => self!.AutoApprove(c)));
            server.AddEventHandler<ExtractTokenRequestContext>(h => h.UseInlineHandler(c => self!.VerifyEsiaTokenRequest(c)));
            server.AddEventHandler<ValidateTokenRequestContext>(h => h.UseInlineHandler(c => self!.ValidateToken(c)));
            server.AddEventHandler<HandleUserInfoRequestContext>(h => h.UseInlineHandler(AttachUserInfo));
            server.AddEventHandler<ProcessSignInContext>(h => h.UseInlineHandler(c => self!.TamperIdToken(c))
                .SetOrder(OpenIddictServerHandlers.PrepareIdentityTokenPrincipal.Descriptor.Order + 1));
        });
        var app = builder.Build();
        self = new TestOidcProvider(app, certificate);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self.Issuer = new Uri(address.TrimEnd('/') + "/");
        return self;
    }

    private ValueTask ValidateAuthorization(ValidateAuthorizationRequestContext context)
    {
        if (context.ClientId is not (PlainClientId or EsiaClientId))
        {
            context.Reject(Errors.InvalidClient, "Unknown client.");
        }
        else if (context.RedirectUri?.StartsWith("http://127.0.0.1:", StringComparison.Ordinal) != true)
        {
            context.Reject(Errors.InvalidRequest, "Unregistered redirect_uri.");
        }
        else if (context.ClientId == EsiaClientId && VerifyGostSecret(context.Request) is { } problem)
        {
            context.Reject(Errors.InvalidClient, problem);
        }

        return default;
    }

    /// <summary>
    /// ESIA's token request repeats the scope, because the signature covers it; OpenIddict (following RFC 6749 §4.1.3)
    /// refuses a scope there, so the secret is checked as the request arrives and the scope removed afterwards.
    /// </summary>
    private ValueTask VerifyEsiaTokenRequest(ExtractTokenRequestContext context)
    {
        if (context.Request?.ClientId != EsiaClientId)
        {
            return default;
        }

        if (VerifyGostSecret(context.Request) is { } problem)
        {
            context.Reject(Errors.InvalidClient, problem);
        }
        else
        {
            context.Request.Scope = null;
            _esiaTokenRequestsVerified.Add(context.Request.Code ?? "");
        }

        return default;
    }

    private ValueTask ValidateToken(ValidateTokenRequestContext context)
    {
        var problem = context.ClientId switch
        {
            PlainClientId => context.Request.ClientSecret == PlainClientSecret ? null : "Wrong client secret.",
            EsiaClientId => _esiaTokenRequestsVerified.Contains(context.Request.Code ?? "") ? null : "No verified GOST secret.",
            _ => "Unknown client.",
        };
        if (problem is not null)
        {
            context.Reject(Errors.InvalidClient, problem);
        }

        return default;
    }

    /// <summary>
    /// ESIA's check: client_secret is a detached CMS signature over scope + timestamp + client_id + state made with
    /// the registered certificate, and client_certificate_hash is that certificate's Streebog-256 hash.
    /// </summary>
    private string? VerifyGostSecret(OpenIddictRequest request)
    {
        var problem = EsiaSecretCheck.Verify(_esiaCertificate, request.Scope, (string?)request["timestamp"], request.ClientId,
            request.State, request.ClientSecret, (string?)request["client_certificate_hash"]);
        if (problem is null)
        {
            Interlocked.Increment(ref _gostSecretsVerified);
        }

        return problem;
    }

    private ValueTask AutoApprove(HandleAuthorizationRequestContext context)
    {
        var user = NextUser;
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, user.Subject));
        identity.AddClaim(new Claim(Claims.GivenName, user.GivenName));
        identity.AddClaim(new Claim(Claims.FamilyName, user.FamilyName));
        identity.AddClaim(new Claim(Claims.MiddleName, user.MiddleName));
        identity.AddClaim(new Claim(Claims.Birthdate, user.BirthDate));
        identity.AddClaim(new Claim("trusted", user.Trusted ? "true" : "false", ClaimValueTypes.Boolean));
        identity.SetScopes(context.Request.GetScopes());
        // Like ESIA, the ESIA client learns the birth date and the trusted flag only from userinfo; the plain client
        // gets everything in the ID token.
        var esia = context.ClientId == EsiaClientId;
        identity.SetDestinations(claim => claim.Type is Claims.Birthdate or "trusted" && esia
            ? [Destinations.AccessToken]
            : [Destinations.AccessToken, Destinations.IdentityToken]);
        context.SignIn(new ClaimsPrincipal(identity));
        return default;
    }

    private static ValueTask AttachUserInfo(HandleUserInfoRequestContext context)
    {
        foreach (var type in new[] { Claims.GivenName, Claims.FamilyName, Claims.MiddleName, Claims.Birthdate })
        {
            context.Claims[type] = context.AccessTokenPrincipal!.GetClaim(type);
        }

        context.Claims["trusted"] = context.AccessTokenPrincipal!.GetClaim("trusted") == "true";
        return default;
    }

    private ValueTask TamperIdToken(ProcessSignInContext context)
    {
        if (context.IdentityTokenPrincipal is { } principal)
        {
            switch (Tamper)
            {
                case IdTokenTamper.WrongAudience:
                    principal.SetAudiences("someone-else");
                    break;
                case IdTokenTamper.WrongNonce:
                    principal.SetClaim(Claims.Nonce, "a-nonce-from-another-sign-in");
                    break;
            }
        }

        return default;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
