namespace Messenger.ChatCore.Directory;

/// <summary>An account in the one user directory that chat, calls and bots share.</summary>
public sealed record UserAccount(
    string Id,
    string Username,
    string DisplayName,
    string About,
    DateTimeOffset CreatedAt,
    VerifiedIdentity? Verified = null)
{
    /// <summary>A service (bot) account, created by a user through /api/bots; it cannot sign in with a password.</summary>
    public bool IsBot { get; init; }
}

/// <summary>
/// What other users may see of an account. <see cref="Verified"/> is null for an account with no linked identity
/// provider; only the owner's own profile (<paramref name="includePrivate"/>) carries the verified birth date.
/// </summary>
public sealed record UserProfile(string Id, string Username, string DisplayName, string About, VerifiedIdentity? Verified = null)
{
    /// <summary>True for service (bot) accounts, so clients can mark them.</summary>
    public bool IsBot { get; init; }

    public static UserProfile From(UserAccount account) => From(account, includePrivate: false);

    public static UserProfile From(UserAccount account, bool includePrivate) =>
        new(account.Id, account.Username, account.DisplayName, account.About,
            includePrivate ? account.Verified : account.Verified?.WithoutBirthDate()) { IsBot = account.IsBot };
}

/// <summary>A page of results plus the offset of the next page, or null at the end.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int? NextOffset);
