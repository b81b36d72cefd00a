using System.Text;
using System.Text.RegularExpressions;
using Messenger.Signalling.Identity;
using Microsoft.IdentityModel.Tokens;

namespace Messenger.Signalling.Tests.Identity;

/// <summary>
/// Our ESIA client secret checked by an independent implementation: OpenSSL with Debian's GOST engine verifies the
/// detached CMS signature, and computes the certificate's Streebog-256 hash for client_certificate_hash.
/// </summary>
public sealed partial class GostClientSecretTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "messenger-gost-tests", Guid.NewGuid().ToString("N"));
    private GostOpenSsl.KeyPair _keys = null!;

    [GeneratedRegex(@"^\d{4}\.\d{2}\.\d{2} \d{2}:\d{2}:\d{2} \+0000$")]
    private static partial Regex EsiaTimestamp();

    public async Task InitializeAsync() => _keys = await GostOpenSsl.CreateKeyAndCertificateAsync(_folder);

    [Fact]
    public async Task OpenSsl_verifies_the_client_secret_over_scope_timestamp_client_id_and_state()
    {
        var signer = GostSigner.FromPem(_keys.CertificatePath, _keys.KeyPath);
        var authentication = new EsiaGostAuthentication("CLIENT-42", "openid fullname birthdate", signer, TimeProvider.System);
        var parameters = new Dictionary<string, string> { ["state"] = Guid.NewGuid().ToString() };

        authentication.ApplyToAuthorizationRequest(parameters);

        Assert.Matches(EsiaTimestamp(), parameters["timestamp"]);
        var secret = Path.Combine(_folder, "secret.p7s");
        var content = Path.Combine(_folder, "msg");
        await File.WriteAllBytesAsync(secret, Base64UrlEncoder.DecodeBytes(parameters["client_secret"]));
        await File.WriteAllTextAsync(content, EsiaGostAuthentication.SignedMessage(
            "openid fullname birthdate", parameters["timestamp"], "CLIENT-42", parameters["state"]), new UTF8Encoding(false));

        var output = await GostOpenSsl.RunAsync("cms", "-engine", "gost", "-verify", "-binary", "-inform", "DER",
            "-in", secret, "-content", content, "-CAfile", _keys.CertificatePath, "-out", Path.Combine(_folder, "verified"));
        Assert.Contains("Verification successful", output, StringComparison.Ordinal);

        // The same signature over a different state must not verify.
        await File.WriteAllTextAsync(content, EsiaGostAuthentication.SignedMessage(
            "openid fullname birthdate", parameters["timestamp"], "CLIENT-42", Guid.NewGuid().ToString()), new UTF8Encoding(false));
        var (exitCode, _) = await GostOpenSsl.TryRunAsync("cms", "-engine", "gost", "-verify", "-binary", "-inform", "DER",
            "-in", secret, "-content", content, "-CAfile", _keys.CertificatePath, "-out", Path.Combine(_folder, "verified"));
        Assert.NotEqual(0, exitCode);
    }

    [Fact]
    public async Task The_token_request_signs_a_fresh_state_and_carries_the_certificate_hash_openssl_computes()
    {
        var signer = GostSigner.FromPem(_keys.CertificatePath, _keys.KeyPath);
        var authentication = new EsiaGostAuthentication("CLIENT-42", "openid", signer, TimeProvider.System);
        var form = new Dictionary<string, string>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/token");

        authentication.ApplyToTokenRequest(form, request);

        Assert.Equal("openid", form["scope"]);
        Assert.True(Guid.TryParse(form["state"], out _));
        var der = Path.Combine(_folder, "client.der");
        await GostOpenSsl.RunAsync("x509", "-in", _keys.CertificatePath, "-outform", "DER", "-out", der);
        var output = await GostOpenSsl.RunAsync("dgst", "-engine", "gost", "-md_gost12_256", der);
        var digest = output.Split('\n').Single(line => line.StartsWith("md_gost12_256(", StringComparison.Ordinal));
        Assert.Equal(form["client_certificate_hash"], digest[(digest.IndexOf("= ", StringComparison.Ordinal) + 2)..].Trim());
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }

        return Task.CompletedTask;
    }
}
