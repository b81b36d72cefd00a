namespace Messenger.ChatCore.Directory;

/// <summary>An account in the one user directory that chat, calls and bots share.</summary>
public sealed record UserAccount(
    string Id,
    string Username,
    string DisplayName,
    string About,
    DateTimeOffset CreatedAt)
{
    /// <summary>A service (bot) account, created by a user through /api/bots; it cannot sign in with a password.</summary>
    public bool IsBot { get; init; }
}

/// <summary>What other users may see of an account.</summary>
public sealed record UserProfile(string Id, string Username, string DisplayName, string About)
{
    /// <summary>True for service (bot) accounts, so clients can mark them.</summary>
    public bool IsBot { get; init; }

    public static UserProfile From(UserAccount account) =>
        new(account.Id, account.Username, account.DisplayName, account.About) { IsBot = account.IsBot };
}

/// <summary>A page of results plus the offset of the next page, or null at the end.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int? NextOffset);
