using System.Security.Cryptography;
using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Org.BouncyCastle.X509;

namespace Messenger.ChatCore.Documents;

/// <summary>
/// Server-held signing keys, for users who choose to let the server sign for them (docs/signatures.md explains the
/// trade-off against signing on the device). Keys are generated here or imported, sealed at rest, and opened only for
/// the one signature being made.
/// </summary>
public sealed class SigningKeyService(ISigningKeyStore store, SigningKeyVault vault, TimeProvider clock)
{
    public const int MaxKeysPerUser = 20;

    /// <summary>X.520 ub-common-name.</summary>
    public const int MaxCommonNameLength = 64;

    public async Task<Result<SigningKey>> GenerateAsync(string userId, string? algorithm, string? commonName, CancellationToken cancellationToken)
    {
        if (!SignatureAlgorithms.IsKnown(algorithm))
        {
            return ChatErrors.Invalid("algorithm", "algorithm is one of: " + string.Join(", ", SignatureAlgorithms.All) + ".");
        }

        var name = commonName?.Trim() ?? "";
        if (name.Length is 0 or > MaxCommonNameLength || name.Any(char.IsControl))
        {
            return ChatErrors.Invalid("commonName", $"Give the certificate's common name, 1 to {MaxCommonNameLength} printable characters.");
        }

        return await KeepAsync(userId, SigningKeyFactory.Generate(algorithm!, name, clock.GetUtcNowMs()), cancellationToken).ConfigureAwait(false);
    }

    public async Task<Result<SigningKey>> ImportAsync(
        string userId, string? pkcs12Base64, string? password, string? privateKeyPem, string? certificatePem,
        CancellationToken cancellationToken)
    {
        Result<SigningKeyMaterial> material;
        if (pkcs12Base64 is not null)
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(pkcs12Base64);
            }
            catch (FormatException)
            {
                return ChatErrors.Invalid("pkcs12", "pkcs12 is the PKCS#12 file in base64.");
            }

            material = SigningKeyImport.FromPkcs12(bytes, password);
        }
        else
        {
            material = SigningKeyImport.FromPem(privateKeyPem, certificatePem);
        }

        return material.IsSuccess
            ? await KeepAsync(userId, material.Value!, cancellationToken).ConfigureAwait(false)
            : material.Error!;
    }

    public async Task<IReadOnlyList<SigningKey>> ListAsync(string userId, CancellationToken cancellationToken) =>
        (await store.ListAsync(userId, cancellationToken).ConfigureAwait(false)).Select(ToView).ToList();

    public async Task<Result<bool>> DeleteAsync(string userId, string keyId, CancellationToken cancellationToken) =>
        await store.DeleteAsync(userId, keyId, cancellationToken).ConfigureAwait(false) ? true : NotFound();

    /// <summary>The opened key, for one signature; only its owner may use it.</summary>
    internal async Task<Result<SigningKeyMaterial>> OpenAsync(string userId, string? keyId, CancellationToken cancellationToken)
    {
        var stored = string.IsNullOrEmpty(keyId) ? null : await store.FindAsync(userId, keyId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return NotFound();
        }

        try
        {
            return new SigningKeyMaterial(stored.Algorithm, vault.Open(stored.SealedKey, userId, stored.Id), stored.Certificate);
        }
        catch (CryptographicException)
        {
            return ChatErrors.Conflict("keyId", "This key cannot be opened with the server's key file; import it again.");
        }
    }

    private async Task<Result<SigningKey>> KeepAsync(string userId, SigningKeyMaterial material, CancellationToken cancellationToken)
    {
        if ((await store.ListAsync(userId, cancellationToken).ConfigureAwait(false)).Count >= MaxKeysPerUser)
        {
            return ChatErrors.Conflict("keyId", $"A user may keep at most {MaxKeysPerUser} keys on the server; delete one first.");
        }

        var id = Guid.CreateVersion7().ToString("N");
        var certificate = new X509CertificateParser().ReadCertificate(material.Certificate);
        var stored = new StoredSigningKey(id, userId, material.Algorithm, certificate.SubjectDN.ToString(), material.Certificate,
            vault.Seal(material.Pkcs8, userId, id), clock.GetUtcNowMs());
        await store.InsertAsync(stored, cancellationToken).ConfigureAwait(false);
        return ToView(stored);
    }

    private static SigningKey ToView(StoredSigningKey key)
    {
        var certificate = new X509CertificateParser().ReadCertificate(key.Certificate);
        var name = certificate.SubjectDN.GetValueList(Org.BouncyCastle.Asn1.X509.X509Name.CN).FirstOrDefault() ?? key.Subject;
        var pem = "-----BEGIN CERTIFICATE-----\n" + Convert.ToBase64String(key.Certificate, Base64FormattingOptions.InsertLineBreaks)
            + "\n-----END CERTIFICATE-----\n";
        return new SigningKey(key.Id, key.Algorithm, key.Subject, name,
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero), pem, key.CreatedAt);
    }

    private static DirectoryError NotFound() => new(DirectoryErrorKind.NotFound, "keyId", "No such signing key.");
}
