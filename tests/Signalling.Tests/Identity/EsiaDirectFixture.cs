using Messenger.Signalling.Tests.Infrastructure;

namespace Messenger.Signalling.Tests.Identity;

/// <summary>
/// Our host connected directly to the ESIA look-alike (<see cref="EsiaTestProvider"/>) as provider "gosuslugi": explicit
/// endpoints, GOST client authentication, the provider's GOST certificate for its ID tokens, and its person resource for
/// the verified attributes — no discovery, no JWKS, no userinfo. All keys are made by OpenSSL's GOST engine.
/// </summary>
public sealed class EsiaDirectFixture : IAsyncLifetime
{
    public const string ProviderName = "gosuslugi";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "messenger-esia-direct-tests", Guid.NewGuid().ToString("N"));

    public EsiaTestProvider Provider { get; private set; } = null!;

    public TestHost Host { get; private set; } = null!;

    /// <summary>The provider's own ID-token key, which the host trusts.</summary>
    public GostOpenSsl.KeyPair ProviderKeys { get; private set; } = null!;

    /// <summary>A GOST key the host has never heard of.</summary>
    public GostOpenSsl.KeyPair StrangerKeys { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var client = await GostOpenSsl.CreateKeyAndCertificateAsync(_folder, "client");
        ProviderKeys = await GostOpenSsl.CreateKeyAndCertificateAsync(_folder, "esia-provider");
        StrangerKeys = await GostOpenSsl.CreateKeyAndCertificateAsync(_folder, "stranger");
        Provider = await EsiaTestProvider.StartAsync(client.CertificatePath, ProviderKeys.KeyPath, _folder);
        const string prefix = $"Messenger:Identity:Providers:{ProviderName}:";
        Host = new TestHost(new Dictionary<string, string?>
        {
            [prefix + "DisplayName"] = "Госуслуги",
            [prefix + "Issuer"] = Provider.Issuer,
            [prefix + "AuthorizationEndpoint"] = Provider.AuthorizationEndpoint.ToString(),
            [prefix + "TokenEndpoint"] = Provider.TokenEndpoint.ToString(),
            [prefix + "PersonDataEndpoint"] = Provider.PersonDataEndpoint.ToString(),
            [prefix + "IdTokenSigningCertificatePath"] = ProviderKeys.CertificatePath,
            [prefix + "ClientId"] = EsiaTestProvider.ClientId,
            [prefix + "Scope"] = "openid fullname birthdate",
            [prefix + "ClientAuthentication"] = "esia_gost",
            [prefix + "CertificatePath"] = client.CertificatePath,
            [prefix + "PrivateKeyPath"] = client.KeyPath,
        });
        await Host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Provider.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
