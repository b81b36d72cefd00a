using Messenger.Signalling.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Messenger.Signalling.Tests.Identity;

public enum GostTokenDefect
{
    TamperedPayload,
    WrongCertificate,
    Expired,
    NotYetValid,
    WrongNonce,
    WrongAudience,
    WrongIssuer,
    LittleEndianSignature,
    AlgorithmOfAnotherKeySize,
}

/// <summary>
/// ESIA-style ID tokens signed by OpenSSL's GOST engine (an implementation independent of our BouncyCastle code) go
/// through <see cref="IdTokenValidator"/>: good ones verify, and every defect — in the signature or in the claims the
/// standard path also checks — is refused as an id_token failure. A token ESIA itself signed checks the byte order.
/// </summary>
public sealed class GostIdTokenTests : IAsyncLifetime
{
    private const string Issuer = "https://esia.example/";
    private const string ClientId = "MESSENGER-TEST";
    private const string Nonce = "the-nonce-of-this-sign-in";
    private const long Oid = 1000404446;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "messenger-gost-jwt-tests", Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
    private GostOpenSsl.KeyPair _provider256 = null!;
    private GostOpenSsl.KeyPair _provider512 = null!;
    private GostOpenSsl.KeyPair _stranger = null!;

    public async Task InitializeAsync()
    {
        _provider256 = await GostOpenSsl.CreateKeyAndCertificateAsync(_folder, "provider256");
        _provider512 = await GostOpenSsl.CreateKeyAndCertificateAsync(_folder, "provider512", bits: 512);
        _stranger = await GostOpenSsl.CreateKeyAndCertificateAsync(_folder, "stranger");
    }

    [Theory]
    [InlineData(256)]
    [InlineData(512)]
    public async Task A_token_openssl_signed_verifies_and_yields_the_subject_and_claims(int bits)
    {
        var keys = bits == 256 ? _provider256 : _provider512;
        var token = await GostJwtSigning.SignAsync(_folder, keys.KeyPath, bits, Payload());

        var (validated, failure) = await Validator(keys.CertificatePath).ValidateAsync(token, Endpoints(), Nonce, default);

        Assert.Null(failure);
        // ESIA writes the person's oid as a JSON number; it becomes the subject as text.
        Assert.Equal(Oid.ToString(System.Globalization.CultureInfo.InvariantCulture), validated!.Subject);
        Assert.Equal(Oid, validated.Claims[EsiaPersonData.OidClaim].GetInt64());
        Assert.Equal("PWD", validated.Claims["amr"].GetString());
    }

    [Theory]
    [InlineData(GostTokenDefect.TamperedPayload, "Signature")]
    [InlineData(GostTokenDefect.WrongCertificate, "Signature")]
    [InlineData(GostTokenDefect.LittleEndianSignature, "Signature")]
    [InlineData(GostTokenDefect.AlgorithmOfAnotherKeySize, "Signature")]
    [InlineData(GostTokenDefect.Expired, "Lifetime")]
    [InlineData(GostTokenDefect.NotYetValid, "Lifetime")]
    [InlineData(GostTokenDefect.WrongAudience, "Audience")]
    [InlineData(GostTokenDefect.WrongIssuer, "Issuer")]
    [InlineData(GostTokenDefect.WrongNonce, "nonce")]
    public async Task A_defective_token_is_refused_as_an_id_token_failure(GostTokenDefect defect, string reason)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = defect switch
        {
            GostTokenDefect.Expired => Payload(issuedAt: now - 7200, expires: now - 3600),
            GostTokenDefect.NotYetValid => Payload(issuedAt: now + 3600, expires: now + 7200),
            GostTokenDefect.WrongNonce => Payload(nonce: "a-nonce-from-another-sign-in"),
            GostTokenDefect.WrongAudience => Payload(audience: "SOMEONE-ELSE"),
            GostTokenDefect.WrongIssuer => Payload(issuer: "https://impostor.example/"),
            _ => Payload(),
        };
        var (key, bits) = defect == GostTokenDefect.AlgorithmOfAnotherKeySize ? (_provider512.KeyPath, 512) : (_provider256.KeyPath, 256);
        var token = await GostJwtSigning.SignAsync(_folder, key, bits, payload);
        token = defect switch
        {
            GostTokenDefect.TamperedPayload => GostJwtSigning.WithPayload(token, Payload(subject: 1000000001)),
            GostTokenDefect.LittleEndianSignature => GostJwtSigning.Reversed(token),
            _ => token,
        };
        var certificate = defect == GostTokenDefect.WrongCertificate ? _stranger.CertificatePath : _provider256.CertificatePath;

        var (validated, failure) = await Validator(certificate).ValidateAsync(token, Endpoints(), Nonce, default);

        Assert.Null(validated);
        Assert.Equal(502, failure!.Status);
        Assert.Equal("id_token", failure.Field);
        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsigned_unknown_and_unverifiable_algorithms_are_refused_naming_why()
    {
        var claims = GostJwtSigning.Encode(Payload());
        var validator = Validator(_provider256.CertificatePath);

        var (_, none) = await validator.ValidateAsync(GostJwtSigning.Encode(new { alg = "none" }) + "." + claims + ".", Endpoints(), Nonce, default);
        Assert.Contains("alg 'none' is not accepted", none!.Message, StringComparison.Ordinal);

        var (_, hmac) = await validator.ValidateAsync(GostJwtSigning.Encode(new { alg = "HS256" }) + "." + claims + ".c2ln", Endpoints(), Nonce, default);
        Assert.Contains("alg 'HS256' is not accepted", hmac!.Message, StringComparison.Ordinal);

        // ESIA's endpoints have no JWKS, so a standard algorithm cannot be checked and is refused.
        var (_, rsa) = await validator.ValidateAsync(GostJwtSigning.Encode(new { alg = "RS256" }) + "." + claims + ".c2ln", Endpoints(), Nonce, default);
        Assert.Contains("no JwksUri", rsa!.Message, StringComparison.Ordinal);

        var token = await GostJwtSigning.SignAsync(_folder, _provider256.KeyPath, 256, Payload());
        var withoutCertificate = new IdTokenValidator(Metadata(""), gost: null, TimeProvider.System);
        var (validated, unconfigured) = await withoutCertificate.ValidateAsync(token, Endpoints(), Nonce, default);
        Assert.Null(validated);
        Assert.Equal("id_token", unconfigured!.Field);
        Assert.Contains("IdTokenSigningCertificatePath", unconfigured.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A token ESIA's test environment signed (an access token, published in CryptoPro/libcore issue #45, 2023-11-29)
    /// with the public key of ESIA's "TESIA GOST 2012" certificate from ESIA's esia.zip (as extracted in
    /// ekapusta/oauth2-esia resources/esia.gost.test.public.key, 2024). It verifies with the signature bytes taken as
    /// they are (s || r, big-endian) and not reversed: the evidence for the byte order we implement.
    /// </summary>
    [Fact]
    public async Task A_token_signed_by_esia_itself_verifies_in_its_byte_order_only()
    {
        var key = Path.Combine(_folder, "tesia-gost-2012.pub.pem");
        await File.WriteAllTextAsync(key, EsiaTestPublicKey);
        var verifier = GostJwtVerifier.Load(key);

        Assert.Equal(GostJwtVerifier.Gost256, verifier.Algorithm);
        Assert.Equal("GOST3410_2012_256", verifier.Verify(EsiaTestToken).Alg);
        Assert.Throws<SecurityTokenInvalidSignatureException>(() => verifier.Verify(GostJwtSigning.Reversed(EsiaTestToken)));
        Assert.Throws<SecurityTokenInvalidSignatureException>(
            () => GostJwtVerifier.Load(_provider256.CertificatePath).Verify(EsiaTestToken));
    }

    private const string EsiaTestPublicKey = """
        -----BEGIN PUBLIC KEY-----
        MGYwHwYIKoUDBwEBAQEwEwYHKoUDAgIkAAYIKoUDBwEBAgIDQwAEQIwRAKPe5CRm
        hC+Nhmfki851l0A0+BP61HmbBp1HfkiXihXMF28ocyJZaxuSxQhWeMLhGZYNsSuy
        lpmcVG69XkM=
        -----END PUBLIC KEY-----

        """;

    private const string EsiaTestToken =
        "eyJ2ZXIiOjEsInR5cCI6IkpXVCIsInNidCI6ImFjY2VzcyIsImFsZyI6IkdPU1QzNDEwXzIwMTJfMjU2In0."
        + "eyJuYmYiOjE3MDEyNTQ1NzUsInNjb3BlIjoidXNyX3JlZ19jeHQ_b2lkPTEwMDAzMjg2ODYgZW1haWw_b2lkPTEwMDAzMjg2ODYgb3BlbmlkIHVzcl9"
        + "hdnQ_b2lkPTEwMDAzMjg2ODYgdXNyX29yZz9vaWQ9MTAwMDMyODY4NiBmdWxsbmFtZT9vaWQ9MTAwMDMyODY4NiBtb2JpbGU_b2lkPTEwMDAzMjg2OD"
        + "YiLCJpc3MiOiJodHRwOlwvXC9lc2lhLXBvcnRhbDEudGVzdC5nb3N1c2x1Z2kucnVcLyIsInVybjplc2lhOnNpZCI6ImExNTEwY2IyLTAxMTItZjJmNS0"
        + "zZGI2LTZiYzc1ZGI0MGUwZSIsInVybjplc2lhOnNial9pZCI6MTAwMDMyODY4NiwiZXhwIjoxNzAxMjU4MTc1LCJpYXQiOjE3MDEyNTQ1NzUsImNsaWV"
        + "udF9pZCI6IkNUUFJGX1JVIn0."
        + "cz8DPKHZvTsF__reCBDsZ4ZPxehs4qanCmiJjJr2slzrWTmv_HkScguPGU5NDlyJrxi25Tv8rcqfg7YM0PKsDg";

    private static Dictionary<string, object> Payload(
        string issuer = Issuer, string audience = ClientId, string nonce = Nonce, long subject = Oid,
        long? issuedAt = null, long? expires = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var iat = issuedAt ?? now;
        return new Dictionary<string, object>
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["sub"] = subject,
            [EsiaPersonData.OidClaim] = subject,
            ["nonce"] = nonce,
            ["iat"] = iat,
            ["nbf"] = iat,
            ["auth_time"] = iat,
            ["exp"] = expires ?? iat + 3600,
            ["amr"] = "PWD",
        };
    }

    private static ProviderEndpoints Endpoints() => new(
        Issuer, new Uri("https://esia.example/aas/oauth2/v2/ac"), new Uri("https://esia.example/aas/oauth2/v3/te"), null, null);

    private IdTokenValidator Validator(string certificatePath) =>
        new(Metadata(certificatePath), GostJwtVerifier.Load(certificatePath), TimeProvider.System);

    private ProviderMetadata Metadata(string certificatePath) => new("esia", new IdentityProviderOptions
    {
        Issuer = Issuer,
        ClientId = ClientId,
        IdTokenSigningCertificatePath = certificatePath,
    }, _services.GetRequiredService<IHttpClientFactory>());

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
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
