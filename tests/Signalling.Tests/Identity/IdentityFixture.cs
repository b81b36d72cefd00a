using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Messenger.Signalling.Tests.Infrastructure;

namespace Messenger.Signalling.Tests.Identity;

/// <summary>
/// A GOST client key made by OpenSSL, the OpenIddict provider on loopback, and our host configured with two providers
/// pointing at it: "plain" (client_secret_basic, claims from the ID token) and "esia" (GOST client secret, claims
/// from userinfo).
/// </summary>
public sealed class IdentityFixture : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "messenger-identity-tests", Guid.NewGuid().ToString("N"));

    public TestOidcProvider Provider { get; private set; } = null!;

    public TestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var keys = await GostOpenSsl.CreateKeyAndCertificateAsync(_folder);
        Provider = await TestOidcProvider.StartAsync(keys.CertificatePath);
        var authority = Provider.Issuer.ToString();
        Host = new TestHost(new Dictionary<string, string?>
        {
            ["Messenger:Identity:Providers:plain:DisplayName"] = "Plain OpenID Connect",
            ["Messenger:Identity:Providers:plain:Authority"] = authority,
            ["Messenger:Identity:Providers:plain:ClientId"] = TestOidcProvider.PlainClientId,
            ["Messenger:Identity:Providers:plain:ClientSecret"] = TestOidcProvider.PlainClientSecret,
            ["Messenger:Identity:Providers:plain:ClientSecretMethod"] = "client_secret_basic",
            ["Messenger:Identity:Providers:plain:UseUserInfo"] = "false",
            ["Messenger:Identity:Providers:esia:DisplayName"] = "Gosuslugi",
            ["Messenger:Identity:Providers:esia:Authority"] = authority,
            ["Messenger:Identity:Providers:esia:ClientId"] = TestOidcProvider.EsiaClientId,
            ["Messenger:Identity:Providers:esia:ClientAuthentication"] = "esia_gost",
            ["Messenger:Identity:Providers:esia:CertificatePath"] = keys.CertificatePath,
            ["Messenger:Identity:Providers:esia:PrivateKeyPath"] = keys.KeyPath,
            ["Messenger:Identity:Providers:esia:FamilyNameFirst"] = "true",
            ["Messenger:Identity:Providers:esia:DocumentsCheckedClaim"] = "trusted",
        });
        await Host.StartAsync();
    }

    /// <summary>POST start; returns the provider's authorization URL.</summary>
    public Task<Uri> StartAsync(string provider, string mode, string? accessToken = null) => StartAsync(Host, provider, mode, accessToken);

    public static async Task<Uri> StartAsync(TestHost host, string provider, string mode, string? accessToken = null)
    {
        using var client = host.Client(accessToken);
        var response = await client.PostAsJsonAsync($"/api/identity/{provider}/start", new { mode, deviceName = "phone" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Uri(body.GetProperty("authorizationUrl").GetString()!);
    }

    /// <summary>The browser at the provider: its auto-login answers with a redirect to our callback.</summary>
    public static async Task<Uri> AuthorizeAsync(Uri authorizationUrl)
    {
        using var browser = Browser();
        using var response = await browser.GetAsync(authorizationUrl);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!;
    }

    /// <summary>The browser back at our callback; the answer is returned as is.</summary>
    public static async Task<HttpResponseMessage> CallbackAsync(Uri callbackUrl)
    {
        using var browser = Browser();
        return await browser.GetAsync(callbackUrl);
    }

    /// <summary>The whole round trip up to the one-time code, then its redemption.</summary>
    public Task<JsonElement> SignInAsync(string provider, string mode, string? accessToken = null) =>
        SignInAsync(Host, provider, mode, accessToken);

    public static async Task<JsonElement> SignInAsync(TestHost host, string provider, string mode, string? accessToken = null)
    {
        var callback = await AuthorizeAsync(await StartAsync(host, provider, mode, accessToken));
        using var response = await CallbackAsync(callback);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return await CompleteAsync(host, response.Headers.Location!);
    }

    public Task<JsonElement> CompleteAsync(Uri returnUrl) => CompleteAsync(Host, returnUrl);

    public static async Task<JsonElement> CompleteAsync(TestHost host, Uri returnUrl)
    {
        var fragment = returnUrl.OriginalString[(returnUrl.OriginalString.IndexOf('#', StringComparison.Ordinal) + 1)..];
        Assert.StartsWith("identity_code=", fragment, StringComparison.Ordinal);
        using var client = host.Client();
        var response = await client.PostAsJsonAsync("/api/identity/complete", new { code = fragment["identity_code=".Length..] });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public Task<JsonElement> GetJsonAsync(string path, string accessToken) => GetJsonAsync(Host, path, accessToken);

    public static async Task<JsonElement> GetJsonAsync(TestHost host, string path, string accessToken)
    {
        using var client = host.Client(accessToken);
        var response = await client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static HttpClient Browser() => new(new SocketsHttpHandler { AllowAutoRedirect = false });

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
