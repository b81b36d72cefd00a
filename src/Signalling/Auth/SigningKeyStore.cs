using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Messenger.Signalling.Auth;

/// <summary>
/// The host's token-signing key: ECDSA P-256 (ES256), generated on first start and kept under the data folder so
/// that tokens survive restarts. An asymmetric key lets media nodes verify join tokens with the public half only.
/// </summary>
public static class SigningKeyStore
{
    public const string FileName = "signing-key.pem";

    public static ECDsaSecurityKey LoadOrCreate(string keysFolder)
    {
        Directory.CreateDirectory(keysFolder);
        var path = Path.Combine(keysFolder, FileName);
        var ecdsa = ECDsa.Create();
        if (File.Exists(path))
        {
            ecdsa.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            ecdsa.GenerateKey(ECCurve.NamedCurves.nistP256);
            WritePrivate(path, ecdsa.ExportPkcs8PrivateKeyPem());
        }

        return new ECDsaSecurityKey(ecdsa) { KeyId = KeyId(ecdsa) };
    }

    private static void WritePrivate(string path, string pem)
    {
        // Write to a temporary file first so a crash never leaves a half-written key behind.
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, pem);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: false);
    }

    private static string KeyId(ECDsa ecdsa) =>
        Convert.ToHexString(SHA256.HashData(ecdsa.ExportSubjectPublicKeyInfo()).AsSpan(0, 8)).ToLowerInvariant();
}
