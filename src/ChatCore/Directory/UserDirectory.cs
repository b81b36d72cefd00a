using Messenger.ChatCore.Storage;
using Microsoft.AspNetCore.Identity;

namespace Messenger.ChatCore.Directory;

/// <summary>
/// The one user directory: accounts, credentials, profiles, search, contacts and blocks. Chat, calls and bots all
/// resolve users here; nothing else keeps a copy of them.
/// </summary>
public sealed class UserDirectory(
    IUserStore users,
    IRelationStore relations,
    IPasswordHasher<UserAccount> passwordHasher,
    TimeProvider clock)
{
    public const int MaxSearchLimit = 100;

    // Verified against when the username is unknown, so that a wrong username costs as much as a wrong password
    // and response times do not reveal which accounts exist.
    private readonly Lazy<string> _decoyHash = new(() =>
        passwordHasher.HashPassword(DecoyAccount, Convert.ToBase64String(Guid.NewGuid().ToByteArray())));

    private static readonly UserAccount DecoyAccount = new("", "", "", "", DateTimeOffset.UnixEpoch);

    public async Task<Result<UserAccount>> RegisterAsync(
        string? username, string? password, string? displayName, CancellationToken cancellationToken)
    {
        var normalized = AccountRules.NormalizeUsername(username);
        var error = AccountRules.CheckUsername(normalized)
            ?? AccountRules.CheckPassword(password)
            ?? AccountRules.CheckDisplayName(displayName);
        if (error is not null)
        {
            return error;
        }

        var account = new UserAccount(
            Guid.CreateVersion7().ToString("N"), normalized, displayName!.Trim(), "", clock.GetUtcNowMs());
        var hash = passwordHasher.HashPassword(account, password!);
        if (!await users.TryInsertAsync(account, hash, cancellationToken).ConfigureAwait(false))
        {
            return new DirectoryError(DirectoryErrorKind.Conflict, "username", "That username is taken.");
        }

        return account;
    }

    /// <summary>Checks a username and password. Both kinds of mistake give the same error.</summary>
    public async Task<Result<UserAccount>> AuthenticateAsync(
        string? username, string? password, CancellationToken cancellationToken)
    {
        var invalid = new DirectoryError(
            DirectoryErrorKind.InvalidCredentials, "password", "The username or password is incorrect.");
        var normalized = AccountRules.NormalizeUsername(username);
        var stored = normalized.Length == 0
            ? null
            : await users.FindCredentialsAsync(normalized, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            passwordHasher.VerifyHashedPassword(DecoyAccount, _decoyHash.Value, password ?? "");
            return invalid;
        }

        var verdict = passwordHasher.VerifyHashedPassword(stored.Account, stored.PasswordHash, password ?? "");
        if (verdict == PasswordVerificationResult.Failed)
        {
            return invalid;
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            var rehashed = passwordHasher.HashPassword(stored.Account, password!);
            await users.UpdatePasswordHashAsync(stored.Account.Id, rehashed, cancellationToken).ConfigureAwait(false);
        }

        return stored.Account;
    }

    public Task<UserAccount?> FindAsync(string userId, CancellationToken cancellationToken) =>
        users.FindByIdAsync(userId, cancellationToken);

    public async Task<Result<UserAccount>> UpdateProfileAsync(
        string userId, string? displayName, string? about, CancellationToken cancellationToken)
    {
        var error = (displayName is null ? null : AccountRules.CheckDisplayName(displayName))
            ?? AccountRules.CheckAbout(about);
        if (error is not null)
        {
            return error;
        }

        var updated = await users.UpdateProfileAsync(userId, displayName?.Trim(), about, cancellationToken)
            .ConfigureAwait(false);
        return updated is null ? NotFound("userId") : updated;
    }

    public async Task<Result<Page<UserProfile>>> SearchAsync(
        string? query, int offset, int limit, CancellationToken cancellationToken)
    {
        var prefix = query?.Trim() ?? "";
        if (prefix.Length == 0)
        {
            return new DirectoryError(DirectoryErrorKind.Validation, "query", "A search query is required.");
        }

        if (offset < 0)
        {
            return new DirectoryError(DirectoryErrorKind.Validation, "offset", "Offset must not be negative.");
        }

        if (limit is < 1 or > MaxSearchLimit)
        {
            return new DirectoryError(DirectoryErrorKind.Validation, "limit", $"Limit must be 1-{MaxSearchLimit}.");
        }

        // One row more than asked tells whether another page exists.
        var found = await users.SearchAsync(prefix, offset, limit + 1, cancellationToken).ConfigureAwait(false);
        var items = found.Take(limit).Select(UserProfile.From).ToList();
        return new Page<UserProfile>(items, found.Count > limit ? offset + limit : null);
    }

    public Task<Result<bool>> AddRelationAsync(
        RelationKind kind, string ownerId, string otherId, CancellationToken cancellationToken) =>
        ChangeRelationAsync(kind, ownerId, otherId, add: true, cancellationToken);

    public Task<Result<bool>> RemoveRelationAsync(
        RelationKind kind, string ownerId, string otherId, CancellationToken cancellationToken) =>
        ChangeRelationAsync(kind, ownerId, otherId, add: false, cancellationToken);

    public Task<IReadOnlyList<RelatedUser>> ListRelationsAsync(
        RelationKind kind, string ownerId, CancellationToken cancellationToken) =>
        relations.ListAsync(kind, ownerId, cancellationToken);

    /// <summary>True when <paramref name="blockerId"/> has blocked <paramref name="otherId"/>.</summary>
    public Task<bool> HasBlockedAsync(string blockerId, string otherId, CancellationToken cancellationToken) =>
        relations.ExistsAsync(RelationKind.Block, blockerId, otherId, cancellationToken);

    private async Task<Result<bool>> ChangeRelationAsync(
        RelationKind kind, string ownerId, string otherId, bool add, CancellationToken cancellationToken)
    {
        if (string.Equals(ownerId, otherId, StringComparison.Ordinal))
        {
            return new DirectoryError(DirectoryErrorKind.Validation, "userId", "You cannot do that to yourself.");
        }

        if (await users.FindByIdAsync(otherId, cancellationToken).ConfigureAwait(false) is null)
        {
            return NotFound("userId");
        }

        if (!add)
        {
            return await relations.RemoveAsync(kind, ownerId, otherId, cancellationToken).ConfigureAwait(false);
        }

        await relations.AddAsync(kind, ownerId, otherId, clock.GetUtcNowMs(), cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static DirectoryError NotFound(string field) =>
        new(DirectoryErrorKind.NotFound, field, "No such user.");
}
