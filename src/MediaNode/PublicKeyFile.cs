using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Messenger.MediaServer.Standalone;

/// <summary>
/// Loads the host's ES256 verification key from a PEM file. The node keeps only the public half even when handed the
/// private key, so a compromised media node can verify tokens but never mint them.
/// </summary>
public static class PublicKeyFile
{
    public static ECDsaSecurityKey Load(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new MediaNodeConfigurationException(
                $"{MediaNodeOptions.Section}:{nameof(MediaNodeOptions.PublicKeyPemPath)} is not set. Point it at the main host's " +
                "public key (GET /api/media/public-key on the host saves it as PEM).");
        }

        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new MediaNodeConfigurationException($"Cannot read the token public key '{path}': {e.Message}", e);
        }

        using var imported = ECDsa.Create();
        try
        {
            imported.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw new MediaNodeConfigurationException(
                $"'{path}' holds no EC public or private key in PEM form: {e.Message}", e);
        }

        // ES256 (RFC 7518 section 3.4) is ECDSA over P-256 only.
        if (imported.KeySize != 256)
        {
            throw new MediaNodeConfigurationException($"'{path}' holds a {imported.KeySize}-bit EC key; ES256 needs P-256.");
        }

        var spki = imported.ExportSubjectPublicKeyInfo();
        var publicOnly = ECDsa.Create();
        publicOnly.ImportSubjectPublicKeyInfo(spki, out _);
        return new ECDsaSecurityKey(publicOnly) { KeyId = KeyId(spki) };
    }

    /// <summary>The same key id the host stamps into its tokens: the first 8 bytes of SHA-256 over the SPKI, in hex.</summary>
    private static string KeyId(byte[] spki) => Convert.ToHexString(SHA256.HashData(spki).AsSpan(0, 8)).ToLowerInvariant();
}
