using Messenger.ChatCore.Directory;

namespace Messenger.ChatCore.Storage;

/// <summary>Persistence of accounts. Implementations exist per engine (SQLite now, PostgreSQL later).</summary>
public interface IUserStore
{
    /// <summary>Inserts the account, or returns false when the username is already taken.</summary>
    Task<bool> TryInsertAsync(UserAccount account, string passwordHash, CancellationToken cancellationToken);

    Task<UserAccount?> FindByIdAsync(string userId, CancellationToken cancellationToken);

    Task<StoredCredentials?> FindCredentialsAsync(string normalizedUsername, CancellationToken cancellationToken);

    Task UpdatePasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken);

    /// <summary>Updates the fields that are not null and returns the account as stored, or null if it is gone.</summary>
    Task<UserAccount?> UpdateProfileAsync(
        string userId, string? displayName, string? about, CancellationToken cancellationToken);

    /// <summary>Prefix search on username and display name, ordered by username.</summary>
    Task<IReadOnlyList<UserAccount>> SearchAsync(
        string prefix, int offset, int limit, CancellationToken cancellationToken);
}

public sealed record StoredCredentials(UserAccount Account, string PasswordHash);
