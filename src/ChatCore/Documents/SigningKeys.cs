namespace Messenger.ChatCore.Documents;

/// <summary>
/// A key a user keeps on the server for signing, as the API shows it: never the private key, always the certificate
/// (PEM) so the user can hand it to whoever verifies.
/// </summary>
public sealed record SigningKey(
    string Id, string Algorithm, string Subject, string SignerName, DateTimeOffset NotBefore, DateTimeOffset NotAfter,
    string CertificatePem, DateTimeOffset CreatedAt);

/// <summary>A stored key: its certificate in DER and its PKCS#8 private key sealed by <see cref="SigningKeyVault"/>.</summary>
public sealed record StoredSigningKey(
    string Id, string UserId, string Algorithm, string Subject, byte[] Certificate, byte[] SealedKey, DateTimeOffset CreatedAt);

public interface ISigningKeyStore
{
    Task InsertAsync(StoredSigningKey key, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredSigningKey>> ListAsync(string userId, CancellationToken cancellationToken);

    Task<StoredSigningKey?> FindAsync(string userId, string keyId, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string userId, string keyId, CancellationToken cancellationToken);
}
