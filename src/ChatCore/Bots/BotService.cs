using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;

namespace Messenger.ChatCore.Bots;

/// <summary>What an owner sees of a bot: its account and whether (and where) it has a webhook.</summary>
public sealed record BotInfo(string Id, string Username, string DisplayName, DateTimeOffset CreatedAt, string? WebhookUrl)
{
    public static BotInfo From(BotRecord bot) =>
        new(bot.Account.Id, bot.Account.Username, bot.Account.DisplayName, bot.CreatedAt, bot.WebhookUrl);
}

/// <summary>A bot with its token: the only time the token is shown (creation and rotation).</summary>
public sealed record BotWithToken(BotInfo Bot, string Token);

/// <summary>
/// Service accounts (issue #7): a user creates bots, which are accounts in the one user directory with an owner. As
/// on Telegram a bot's username ends in "bot", so people can tell a bot from a person by its name alone.
/// </summary>
public sealed class BotService(IBotStore store, TimeProvider clock)
{
    public const int MaxBotsPerOwner = 20;

    public async Task<Result<BotWithToken>> CreateAsync(
        string ownerId, string? username, string? displayName, CancellationToken cancellationToken)
    {
        var normalized = AccountRules.NormalizeUsername(username);
        var error = AccountRules.CheckUsername(normalized)
            ?? (normalized.EndsWith("bot", StringComparison.Ordinal)
                ? null
                : ChatErrors.Invalid("username", "A bot's username ends in \"bot\"."))
            ?? AccountRules.CheckDisplayName(displayName);
        if (error is not null)
        {
            return error;
        }

        if ((await store.ListByOwnerAsync(ownerId, cancellationToken).ConfigureAwait(false)).Count >= MaxBotsPerOwner)
        {
            return ChatErrors.Forbidden("username", $"A user may own at most {MaxBotsPerOwner} bots.");
        }

        var now = clock.GetUtcNowMs();
        var account = new UserAccount(Guid.CreateVersion7().ToString("N"), normalized, displayName!.Trim(), "", now) { IsBot = true };
        var token = BotTokens.Create(account.Id);
        if (!await store.TryCreateAsync(account, ownerId, BotTokens.Hash(token), cancellationToken).ConfigureAwait(false))
        {
            return new DirectoryError(DirectoryErrorKind.Conflict, "username", "That username is taken.");
        }

        return new BotWithToken(new BotInfo(account.Id, account.Username, account.DisplayName, now, null), token);
    }

    public async Task<IReadOnlyList<BotInfo>> ListAsync(string ownerId, CancellationToken cancellationToken) =>
        (await store.ListByOwnerAsync(ownerId, cancellationToken).ConfigureAwait(false)).Select(BotInfo.From).ToList();

    /// <summary>Issues a new token; the old one stops working at once.</summary>
    public async Task<Result<BotWithToken>> RotateTokenAsync(string ownerId, string botId, CancellationToken cancellationToken)
    {
        var bot = await OwnedAsync(ownerId, botId, cancellationToken).ConfigureAwait(false);
        if (!bot.IsSuccess)
        {
            return bot.Error!;
        }

        var token = BotTokens.Create(botId);
        return await store.SetTokenHashAsync(botId, BotTokens.Hash(token), cancellationToken).ConfigureAwait(false)
            ? new BotWithToken(BotInfo.From(bot.Value!), token)
            : NotFound();
    }

    public async Task<Result<bool>> DeleteAsync(string ownerId, string botId, CancellationToken cancellationToken)
    {
        var bot = await OwnedAsync(ownerId, botId, cancellationToken).ConfigureAwait(false);
        if (!bot.IsSuccess)
        {
            return bot.Error!;
        }

        return await store.DeleteAsync(botId, cancellationToken).ConfigureAwait(false) ? true : NotFound();
    }

    /// <summary>The bot a token belongs to, or null for a malformed, unknown, rotated or deleted token.</summary>
    public async Task<BotRecord?> AuthenticateAsync(string? token, CancellationToken cancellationToken)
    {
        if (BotTokens.BotIdOf(token) is not { } botId)
        {
            return null;
        }

        var bot = await store.FindAsync(botId, cancellationToken).ConfigureAwait(false);
        return bot is not null && BotTokens.Matches(token!, bot.TokenHash) ? bot : null;
    }

    private async Task<Result<BotRecord>> OwnedAsync(string ownerId, string botId, CancellationToken cancellationToken)
    {
        var bot = await store.FindAsync(botId, cancellationToken).ConfigureAwait(false);
        // Someone else's bot answers like a missing one, so bot ids reveal nothing to non-owners.
        return bot is not null && string.Equals(bot.OwnerId, ownerId, StringComparison.Ordinal) ? bot : NotFound();
    }

    private static DirectoryError NotFound() => new(DirectoryErrorKind.NotFound, "botId", "No such bot of yours.");
}
