using System.Security.Cryptography;
using System.Text;

namespace Messenger.ChatCore.Documents;

/// <summary>
/// Seals server-held private keys at rest with AES-256-GCM (NIST SP 800-38D) under one key file kept beside the
/// host's JWT key (<c>{DataPath}/keys/signature-keys.aes</c>, mode 600). Chosen over ASP.NET Core Data Protection
/// because ChatCore is a plain library, the key ring's rotation and XML folder add parts with nothing gained here, and
/// one key folder is what an operator already backs up. The associated data binds each sealed key to its owner and
/// id, so a row copied to another user in the database does not open. A copy of the database alone opens nothing.
/// Layout: nonce (12) ‖ tag (16) ‖ ciphertext.
/// </summary>
public sealed class SigningKeyVault
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    private SigningKeyVault(byte[] key) => _key = key;

    public static SigningKeyVault LoadOrCreate(string folder)
    {
        System.IO.Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "signature-keys.aes");
        if (File.Exists(path))
        {
            var existing = File.ReadAllBytes(path);
            return existing.Length == 32 ? new SigningKeyVault(existing) : throw new InvalidDataException(path + " is not a 32-byte key.");
        }

        var key = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(path, options))
        {
            file.Write(key);
        }

        return new SigningKeyVault(key);
    }

    public byte[] Seal(byte[] plaintext, string userId, string keyId)
    {
        var sealedKey = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = sealedKey.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedKey.AsSpan(NonceSize + TagSize), sealedKey.AsSpan(NonceSize, TagSize), Aad(userId, keyId));
        return sealedKey;
    }

    /// <summary>The plaintext; throws <see cref="AuthenticationTagMismatchException"/> when tampered with or misplaced.</summary>
    public byte[] Open(byte[] sealedKey, string userId, string keyId)
    {
        var plaintext = new byte[sealedKey.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedKey.AsSpan(0, NonceSize), sealedKey.AsSpan(NonceSize + TagSize), sealedKey.AsSpan(NonceSize, TagSize),
            plaintext, Aad(userId, keyId));
        return plaintext;
    }

    private static byte[] Aad(string userId, string keyId) => Encoding.UTF8.GetBytes("messenger-signing-key\n" + userId + "\n" + keyId);
}
