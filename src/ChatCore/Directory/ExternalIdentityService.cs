using System.Security.Cryptography;
using System.Text;
using Messenger.ChatCore.Storage;
using Microsoft.AspNetCore.Identity;

namespace Messenger.ChatCore.Directory;

/// <summary>Who signed in through a provider, and whether the account was made just now.</summary>
public sealed record ExternalSignIn(UserAccount Account, bool Created);

/// <summary>
/// Links external identity provider accounts to users and signs users in through them (issue #7). The protocol
/// (OpenID Connect) lives in the host; this only decides what a verified (provider, subject) means for the directory.
/// </summary>
public sealed class ExternalIdentityService(
    IUserStore users,
    IExternalIdentityStore identities,
    IPasswordHasher<UserAccount> passwordHasher,
    TimeProvider clock)
{
    private const int UsernameAttempts = 4;

    /// <summary>
    /// The account linked to the subject, with its verified attributes refreshed; or, for a subject never seen, a new
    /// account whose display name is the verified full name and whose username is derived from the provider name and
    /// a hash of the subject (the subject itself may be a personal identifier, so it is not shown).
    /// </summary>
    public async Task<Result<ExternalSignIn>> SignInAsync(
        string provider, string subject, VerifiedAttributes attributes, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowMs();
        for (var attempt = 0; attempt < UsernameAttempts; attempt++)
        {
            if (await identities.FindAsync(provider, subject, cancellationToken).ConfigureAwait(false) is { } link)
            {
                await identities.UpdateAttributesAsync(provider, subject, attributes, now, cancellationToken)
                    .ConfigureAwait(false);
                var linked = await users.FindByIdAsync(link.UserId, cancellationToken).ConfigureAwait(false);
                return linked is null
                    ? new DirectoryError(DirectoryErrorKind.NotFound, "provider", "The linked account no longer exists.")
                    : new ExternalSignIn(linked, Created: false);
            }

            var account = new UserAccount(
                Guid.CreateVersion7().ToString("N"), DeriveUsername(provider, subject, attempt),
                DeriveDisplayName(provider, attributes), "", now);
            // Such an account has no password anyone knows: it signs in through its provider only.
            var hash = passwordHasher.HashPassword(account, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            var identity = new ExternalIdentity(provider, subject, account.Id, attributes, now, now);
            if (await identities.TryInsertWithAccountAsync(account, hash, identity, cancellationToken).ConfigureAwait(false))
            {
                var created = await users.FindByIdAsync(account.Id, cancellationToken).ConfigureAwait(false) ?? account;
                return new ExternalSignIn(created, Created: true);
            }

            // Either the username was taken (the next attempt derives a longer one) or a concurrent sign-in of the
            // same subject won the race (the next attempt finds its link).
        }

        return new DirectoryError(DirectoryErrorKind.Conflict, "username", "Could not derive a free username.");
    }

    /// <summary>Links the subject to the user, or refreshes the attributes when it is already theirs.</summary>
    public async Task<Result<ExternalIdentity>> LinkAsync(
        string userId, string provider, string subject, VerifiedAttributes attributes, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowMs();
        if (await identities.FindAsync(provider, subject, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            if (!string.Equals(existing.UserId, userId, StringComparison.Ordinal))
            {
                return new DirectoryError(
                    DirectoryErrorKind.Conflict, "provider", $"This {provider} account is linked to another user.");
            }

            await identities.UpdateAttributesAsync(provider, subject, attributes, now, cancellationToken).ConfigureAwait(false);
            return existing with { Attributes = attributes, VerifiedAt = now };
        }

        var identity = new ExternalIdentity(provider, subject, userId, attributes, now, now);
        return await identities.TryInsertAsync(identity, cancellationToken).ConfigureAwait(false)
            ? identity
            : new DirectoryError(
                DirectoryErrorKind.Conflict, "provider",
                $"Your account is already linked to a different {provider} account; unlink it first.");
    }

    /// <summary>Removes the user's link to the provider; the badge then falls back to another link, or goes.</summary>
    public Task<bool> UnlinkAsync(string userId, string provider, CancellationToken cancellationToken) =>
        identities.DeleteAsync(userId, provider, cancellationToken);

    public Task<IReadOnlyList<ExternalIdentity>> ListAsync(string userId, CancellationToken cancellationToken) =>
        identities.ListAsync(userId, cancellationToken);

    internal static string DeriveUsername(string provider, string subject, int attempt)
    {
        var prefix = new string(provider.ToLowerInvariant().Where(c => c is >= 'a' and <= 'z' or >= '0' and <= '9').Take(12).ToArray());
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(provider + "\n" + subject));
        // 8 hex digits first; a collision lengthens the suffix, and the last attempt adds randomness.
        var suffix = attempt < UsernameAttempts - 1
            ? Convert.ToHexStringLower(digest, 0, 4 + attempt * 2)
            : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var username = (prefix.Length == 0 ? "id" : prefix) + "_" + suffix;
        return username.Length > AccountRules.UsernameMaxLength ? username[..AccountRules.UsernameMaxLength] : username;
    }

    private static string DeriveDisplayName(string provider, VerifiedAttributes attributes)
    {
        var name = attributes.FullName?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            name = provider + " user";
        }

        return name.Length > AccountRules.DisplayNameMaxLength ? name[..AccountRules.DisplayNameMaxLength] : name;
    }
}
