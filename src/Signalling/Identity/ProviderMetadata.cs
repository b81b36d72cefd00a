using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.IdentityModel.Tokens;

namespace Messenger.Signalling.Identity;

/// <summary>
/// A provider's endpoints, from its settings and, for any not given, its discovery document. No JWKS is needed when
/// the provider's GOST certificate is configured instead (ESIA); PersonData is ESIA's person resource, when set.
/// </summary>
public sealed record ProviderEndpoints(
    string Issuer, Uri Authorization, Uri Token, Uri? UserInfo, Uri? Jwks, Uri? PersonData = null);

/// <summary>
/// Resolves endpoints (OpenID Connect Discovery 1.0 §4) and caches the provider's signing keys. Keys are fetched
/// again when an ID token names a key we do not have, which is how providers roll keys (OIDC Core §10.1.1).
/// </summary>
public sealed class ProviderMetadata(string name, IdentityProviderOptions options, IHttpClientFactory httpClients)
{
    // Unsynchronised on purpose: two first callers may both fetch discovery, which is harmless, and a failure is
    // not cached, so the next sign-in tries again.
    private ProviderEndpoints? _endpoints;
    private IReadOnlyList<SecurityKey>? _keys;

    public string Name { get; } = name;

    public IdentityProviderOptions Options { get; } = options;

    public async Task<ProviderEndpoints> GetEndpointsAsync(CancellationToken cancellationToken)
    {
        return _endpoints ??= await ResolveAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SecurityKey>> GetSigningKeysAsync(bool refresh, CancellationToken cancellationToken)
    {
        if (_keys is not null && !refresh)
        {
            return _keys;
        }

        var endpoints = await GetEndpointsAsync(cancellationToken).ConfigureAwait(false);
        using var client = httpClients.CreateClient(IdentityHosting.HttpClientName);
        var json = await client.GetStringAsync(endpoints.Jwks ?? throw Missing("JwksUri"), cancellationToken).ConfigureAwait(false);
        return _keys = [.. new JsonWebKeySet(json).GetSigningKeys()];
    }

    private async Task<ProviderEndpoints> ResolveAsync(CancellationToken cancellationToken)
    {
        var discovered = new DiscoveryDocument();
        var needsDiscovery = Options.AuthorizationEndpoint.Length == 0 || Options.TokenEndpoint.Length == 0
            || (Options.JwksUri.Length == 0 && Options.IdTokenSigningCertificatePath.Length == 0) || (Options.Issuer.Length == 0 && Options.Authority.Length > 0);
        if (needsDiscovery && Options.Authority.Length > 0)
        {
            var url = new Uri(Options.Authority.TrimEnd('/') + "/.well-known/openid-configuration");
            using var client = httpClients.CreateClient(IdentityHosting.HttpClientName);
            discovered = await client.GetFromJsonAsync<DiscoveryDocument>(RequireSecure(url), cancellationToken)
                .ConfigureAwait(false) ?? discovered;
        }

        var issuer = First(Options.Issuer, discovered.Issuer, Options.Authority)
            ?? throw Missing("Issuer or Authority");
        var userInfo = First(Options.UserInfoEndpoint, discovered.UserInfoEndpoint);
        var jwks = First(Options.JwksUri, discovered.JwksUri);
        return new ProviderEndpoints(
            issuer,
            Endpoint(First(Options.AuthorizationEndpoint, discovered.AuthorizationEndpoint), "AuthorizationEndpoint"),
            Endpoint(First(Options.TokenEndpoint, discovered.TokenEndpoint), "TokenEndpoint"),
            userInfo is null ? null : RequireSecure(new Uri(userInfo)),
            // With only a GOST certificate, ID tokens signed any other way are refused (IdTokenValidator).
            jwks is null && Options.IdTokenSigningCertificatePath.Length > 0 ? null : Endpoint(jwks, "JwksUri"),
            Options.PersonDataEndpoint.Length == 0 ? null : RequireSecure(new Uri(Options.PersonDataEndpoint)));
    }

    private Uri Endpoint(string? value, string setting) =>
        value is null ? throw Missing(setting) : RequireSecure(new Uri(value));

    /// <summary>Codes, tokens and personal data travel here, so only TLS will do, except to this machine.</summary>
    private Uri RequireSecure(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback
            ? uri
            : throw new InvalidOperationException($"Messenger:Identity:Providers:{Name}: {uri} must use https.");

    private InvalidOperationException Missing(string setting) =>
        new($"Messenger:Identity:Providers:{Name}: {setting} is not set and discovery did not supply it.");

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrEmpty(v));

    private sealed class DiscoveryDocument
    {
        [JsonPropertyName("issuer")]
        public string? Issuer { get; set; }

        [JsonPropertyName("authorization_endpoint")]
        public string? AuthorizationEndpoint { get; set; }

        [JsonPropertyName("token_endpoint")]
        public string? TokenEndpoint { get; set; }

        [JsonPropertyName("userinfo_endpoint")]
        public string? UserInfoEndpoint { get; set; }

        [JsonPropertyName("jwks_uri")]
        public string? JwksUri { get; set; }
    }
}
