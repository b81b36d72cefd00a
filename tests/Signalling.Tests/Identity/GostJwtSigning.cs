using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Messenger.Signalling.Tests.Identity;

/// <summary>
/// ESIA-style GOST JWTs signed by OpenSSL's GOST engine, independently of the BouncyCastle code under test:
/// <c>openssl dgst -engine gost -md_gost12_256 -sign key.pem</c> over the ASCII of
/// <c>base64url(header) "." base64url(payload)</c>. The engine writes the raw signature as <c>s || r</c>, both
/// big-endian, which is exactly the JWS encoding ESIA uses (docs/identity.md), so the bytes go into the token as they
/// are; <see cref="Reversed"/> gives the little-endian layout some CryptoPro APIs use, which must not verify.
/// </summary>
public static class GostJwtSigning
{
    public static async Task<string> SignAsync(string folder, string keyPath, int bits, object payload, string? alg = null)
    {
        // ESIA's header carries its own sbt (token kind) and ver fields beside alg and typ.
        var header = new Dictionary<string, object> { ["ver"] = 1, ["typ"] = "JWT", ["sbt"] = "id", ["alg"] = alg ?? $"GOST3410_2012_{bits}" };
        var input = Encode(header) + "." + Encode(payload);
        var name = Guid.NewGuid().ToString("N");
        var inputPath = Path.Combine(folder, name + ".jws-input");
        var signaturePath = Path.Combine(folder, name + ".sig");
        await File.WriteAllTextAsync(inputPath, input, Encoding.ASCII);
        await GostOpenSsl.RunAsync("dgst", "-engine", "gost", $"-md_gost12_{bits}", "-sign", keyPath, "-out", signaturePath, inputPath);
        var signature = await File.ReadAllBytesAsync(signaturePath);
        Assert.Equal(bits / 4, signature.Length);
        return input + "." + Base64UrlEncoder.Encode(signature);
    }

    /// <summary>The same token with its signature bytes in reverse order (r || s, little-endian).</summary>
    public static string Reversed(string token)
    {
        var cut = token.LastIndexOf('.');
        var signature = Base64UrlEncoder.DecodeBytes(token[(cut + 1)..]);
        Array.Reverse(signature);
        return token[..cut] + "." + Base64UrlEncoder.Encode(signature);
    }

    /// <summary>The token with another payload under the original signature.</summary>
    public static string WithPayload(string token, object payload)
    {
        var parts = token.Split('.');
        return parts[0] + "." + Encode(payload) + "." + parts[2];
    }

    public static string Encode(object value) => Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(value));
}
