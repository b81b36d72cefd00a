using Microsoft.Extensions.Options;

namespace Messenger.Signalling.Identity;

/// <summary>The configured providers, each with its relying party; built once at startup.</summary>
public sealed class IdentityProviders
{
    private readonly Dictionary<string, OidcRelyingParty> _parties = new(StringComparer.OrdinalIgnoreCase);

    public IdentityProviders(IOptions<IdentityOptions> options, IHttpClientFactory httpClients, TimeProvider clock)
    {
        foreach (var (name, provider) in options.Value.Providers)
        {
            if (provider.ClientId.Length == 0)
            {
                throw new InvalidOperationException($"Messenger:Identity:Providers:{name}: ClientId is required.");
            }

            var metadata = new ProviderMetadata(name.ToLowerInvariant(), provider, httpClients);
            // Read at startup, so a missing or non-GOST certificate stops the host rather than the first sign-in.
            var gost = provider.IdTokenSigningCertificatePath.Length > 0 ? GostJwtVerifier.Load(provider.IdTokenSigningCertificatePath) : null;
            _parties[name] = new OidcRelyingParty(
                metadata, ClientAuthentication(name, provider, clock), new IdTokenValidator(metadata, gost, clock), httpClients);
        }
    }

    public IEnumerable<OidcRelyingParty> All => _parties.Values.OrderBy(p => p.Name, StringComparer.Ordinal);

    public OidcRelyingParty? Find(string name) => _parties.GetValueOrDefault(name);

    private static IClientAuthentication ClientAuthentication(string name, IdentityProviderOptions provider, TimeProvider clock)
    {
        switch (provider.AuthenticationKind)
        {
            case ClientAuthenticationKind.EsiaGost:
                var signer = provider.Pkcs12Path.Length > 0
                    ? GostSigner.FromPkcs12(provider.Pkcs12Path, provider.Pkcs12Password)
                    : provider.CertificatePath.Length > 0 && provider.PrivateKeyPath.Length > 0
                        ? GostSigner.FromPem(provider.CertificatePath, provider.PrivateKeyPath)
                        : throw new InvalidOperationException(
                            $"Messenger:Identity:Providers:{name}: esia_gost needs CertificatePath and PrivateKeyPath, or Pkcs12Path.");
                return new EsiaGostAuthentication(provider.ClientId, provider.Scope, signer, clock);
            default:
                var basic = provider.ClientSecretMethod.ToLowerInvariant() switch
                {
                    "client_secret_post" => false,
                    "client_secret_basic" => true,
                    _ => throw new InvalidOperationException(
                        $"Messenger:Identity:Providers:{name}: ClientSecretMethod must be client_secret_post or client_secret_basic."),
                };
                return new ClientSecretAuthentication(provider.ClientId, provider.ClientSecret, basic);
        }
    }
}
