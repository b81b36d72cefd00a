using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.IdentityModel.Tokens;
using Org.BouncyCastle.X509;

namespace Messenger.Signalling.Tests.Identity;

/// <summary>The person ESIA's auto-approving login signs in next, as its person resource describes them.</summary>
public sealed record EsiaPerson(long Oid, string FirstName, string LastName, string MiddleName, string BirthDate, bool Trusted);

/// <summary>
/// A small ESIA look-alike on loopback, speaking ESIA's protocol rather than standard OpenID Connect: the authorization
/// and token endpoints check our GOST client secret (<see cref="EsiaSecretCheck"/>) and PKCE, the token endpoint
/// issues an opaque access token and an ID token signed GOST3410_2012_256 by OpenSSL's GOST engine that names the
/// person only by oid, and <c>/rs/prns/{oid}</c> serves the person's data to that access token alone. No discovery,
/// no JWKS, no userinfo — exactly what our host must cope with for a direct connection.
/// </summary>
public sealed class EsiaTestProvider : IAsyncDisposable
{
    public const string ClientId = "MESSENGER-ESIA";

    private readonly WebApplication _app;
    private readonly X509Certificate _clientCertificate;
    private readonly string _folder;
    private readonly ConcurrentDictionary<string, IssuedCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EsiaPerson> _accessTokens = new(StringComparer.Ordinal);
    private int _gostSecretsVerified;
    private int _personRequestsServed;

    private EsiaTestProvider(WebApplication app, X509Certificate clientCertificate, string folder)
    {
        _app = app;
        _clientCertificate = clientCertificate;
        _folder = folder;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>ESIA's "iss" is its base address with a trailing slash.</summary>
    public string Issuer => BaseAddress.ToString();

    public Uri AuthorizationEndpoint => new(BaseAddress, "aas/oauth2/v2/ac");

    public Uri TokenEndpoint => new(BaseAddress, "aas/oauth2/v3/te");

    public Uri PersonDataEndpoint => new(BaseAddress, "rs/prns");

    public EsiaPerson NextPerson { get; set; } = new(1000000001, "Иван", "Иванов", "Иванович", "17.05.1990", true);

    /// <summary>The key that signs ID tokens; tests swap in a stranger's key to forge one.</summary>
    public string SigningKeyPath { get; set; } = "";

    /// <summary>When set, the person resource answers with this status instead of the data.</summary>
    public int? PersonFailureStatus { get; set; }

    public int GostSecretsVerified => Volatile.Read(ref _gostSecretsVerified);

    public int PersonRequestsServed => Volatile.Read(ref _personRequestsServed);

    public static async Task<EsiaTestProvider> StartAsync(string clientCertificatePath, string signingKeyPath, string folder)
    {
        var certificate = new X509CertificateParser().ReadCertificate(File.ReadAllBytes(clientCertificatePath));
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var self = new EsiaTestProvider(app, certificate, folder) { SigningKeyPath = signingKeyPath };
        app.MapGet("/aas/oauth2/v2/ac", self.Authorize);
        app.MapPost("/aas/oauth2/v3/te", self.IssueTokensAsync);
        app.MapGet("/rs/prns/{oid}", self.Person);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return self;
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query.ToDictionary(p => p.Key, p => (string?)p.Value.ToString(), StringComparer.Ordinal);
        var redirectUri = query.GetValueOrDefault("redirect_uri");
        var problem = query.GetValueOrDefault("client_id") != ClientId ? "Unknown client."
            : redirectUri?.StartsWith("http://127.0.0.1:", StringComparison.Ordinal) != true ? "Unregistered redirect_uri."
            : query.GetValueOrDefault("response_type") != "code" ? "response_type must be code."
            : string.IsNullOrEmpty(query.GetValueOrDefault("nonce")) ? "No nonce."
            : query.GetValueOrDefault("code_challenge_method") != "S256" ? "PKCE S256 is required."
            : VerifySecret(query);
        if (problem is not null)
        {
            return Results.BadRequest(new { error = "invalid_request", error_description = problem });
        }

        var code = RandomToken();
        _codes[code] = new IssuedCode(NextPerson, query["nonce"]!, query.GetValueOrDefault("code_challenge") ?? "", redirectUri!);
        return Results.Redirect($"{redirectUri}?code={code}&state={Uri.EscapeDataString(query.GetValueOrDefault("state") ?? "")}");
    }

    private async Task<IResult> IssueTokensAsync(HttpRequest request)
    {
        var form = (await request.ReadFormAsync()).ToDictionary(p => p.Key, p => (string?)p.Value.ToString(), StringComparer.Ordinal);
        if (form.GetValueOrDefault("client_id") != ClientId || VerifySecret(form) is not null)
        {
            return Results.BadRequest(new { error = "invalid_client", error_description = "The client secret does not verify." });
        }

        // Single use, and only with the verifier whose S256 hash came with the authorization request (RFC 7636 §4.6).
        if (form.GetValueOrDefault("grant_type") != "authorization_code" || !_codes.TryRemove(form.GetValueOrDefault("code") ?? "", out var issued)
            || form.GetValueOrDefault("redirect_uri") != issued.RedirectUri
            || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form.GetValueOrDefault("code_verifier") ?? ""))) != issued.CodeChallenge)
        {
            return Results.BadRequest(new { error = "invalid_grant" });
        }

        var accessToken = RandomToken();
        _accessTokens[accessToken] = issued.Person;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var idToken = await GostJwtSigning.SignAsync(_folder, SigningKeyPath, 256, new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = ClientId,
            ["sub"] = issued.Person.Oid,
            ["urn:esia:sbj_id"] = issued.Person.Oid,
            ["nonce"] = issued.Nonce,
            ["iat"] = now,
            ["nbf"] = now,
            ["auth_time"] = now,
            ["exp"] = now + 3600,
            ["amr"] = "PWD",
        });
        return Results.Json(new
        {
            access_token = accessToken,
            id_token = idToken,
            token_type = "Bearer",
            expires_in = 3600,
            state = form.GetValueOrDefault("state"),
        });
    }

    private IResult Person(long oid, HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal)
            || !_accessTokens.TryGetValue(authorization["Bearer ".Length..], out var person) || person.Oid != oid)
        {
            return Results.Unauthorized();
        }

        if (PersonFailureStatus is { } status)
        {
            return Results.StatusCode(status);
        }

        Interlocked.Increment(ref _personRequestsServed);
        return Results.Json(new
        {
            stateFacts = new[] { "EntityRoot" },
            firstName = person.FirstName,
            lastName = person.LastName,
            middleName = person.MiddleName,
            birthDate = person.BirthDate,
            gender = "M",
            trusted = person.Trusted,
            citizenship = "RUS",
            status = "REGISTERED",
            verifying = false,
        });
    }

    private string? VerifySecret(Dictionary<string, string?> parameters)
    {
        var problem = EsiaSecretCheck.Verify(_clientCertificate, parameters.GetValueOrDefault("scope"), parameters.GetValueOrDefault("timestamp"),
            parameters.GetValueOrDefault("client_id"), parameters.GetValueOrDefault("state"), parameters.GetValueOrDefault("client_secret"),
            parameters.GetValueOrDefault("client_certificate_hash"));
        if (problem is null)
        {
            Interlocked.Increment(ref _gostSecretsVerified);
        }

        return problem;
    }

    private static string RandomToken() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record IssuedCode(EsiaPerson Person, string Nonce, string CodeChallenge, string RedirectUri);
}
