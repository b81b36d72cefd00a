using Messenger.ChatCore.Directory;

namespace Messenger.ChatCore.Storage;

/// <summary>Persistence of links between users and external identity provider accounts (issue #7).</summary>
public interface IExternalIdentityStore
{
    Task<ExternalIdentity?> FindAsync(string provider, string subject, CancellationToken cancellationToken);

    Task<IReadOnlyList<ExternalIdentity>> ListAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Inserts the link; false when the subject or the user's slot for that provider is already taken.</summary>
    Task<bool> TryInsertAsync(ExternalIdentity identity, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the account and its first link in one transaction, so a failed sign-in leaves no half-made account.
    /// Returns false (and writes nothing) when the username or the subject is already taken.
    /// </summary>
    Task<bool> TryInsertWithAccountAsync(
        UserAccount account, string passwordHash, ExternalIdentity identity, CancellationToken cancellationToken);

    /// <summary>Replaces what the provider vouched for after a fresh sign-in.</summary>
    Task UpdateAttributesAsync(
        string provider, string subject, VerifiedAttributes attributes, DateTimeOffset verifiedAt,
        CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string userId, string provider, CancellationToken cancellationToken);
}
