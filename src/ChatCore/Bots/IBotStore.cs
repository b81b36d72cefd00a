using Messenger.ChatCore.Directory;

namespace Messenger.ChatCore.Bots;

/// <summary>A bot as stored: its account in the user directory, its owner, its token's hash and its webhook.</summary>
public sealed record BotRecord(
    UserAccount Account, string OwnerId, string TokenHash, DateTimeOffset CreatedAt, string? WebhookUrl, string? WebhookSecret,
    string? WebhookError);

/// <summary>One queued update: its per-bot id, its kind (the field name) and its object as JSON.</summary>
public sealed record StoredBotUpdate(long UpdateId, string Kind, string Payload, int Attempts, DateTimeOffset NextAttemptAt);

/// <summary>The oldest undelivered update of a bot that has a webhook.</summary>
public sealed record WebhookDelivery(string BotId, string Url, string? Secret, StoredBotUpdate Update);

/// <summary>A press of an inline button, kept until the bot answers it.</summary>
public sealed record BotCallback(string Id, string BotId, string UserId, string ConversationId, long Seq, string Data);

/// <summary>Persistence of bots and their update queues. Every method that writes more than one row does so atomically.</summary>
public interface IBotStore
{
    /// <summary>Inserts the bot's user row and its bots row together; false when the username is taken.</summary>
    Task<bool> TryCreateAsync(UserAccount account, string ownerId, string tokenHash, CancellationToken cancellationToken);

    Task<BotRecord?> FindAsync(string botId, CancellationToken cancellationToken);

    Task<IReadOnlyList<BotRecord>> ListByOwnerAsync(string ownerId, CancellationToken cancellationToken);

    Task<bool> AnyAsync(CancellationToken cancellationToken);

    Task<bool> SetTokenHashAsync(string botId, string tokenHash, CancellationToken cancellationToken);

    /// <summary>Removes the bot (its token stops working, its queue is dropped); its user row stays for history.</summary>
    Task<bool> DeleteAsync(string botId, CancellationToken cancellationToken);

    /// <summary>Sets or (url null) clears the webhook; <paramref name="dropPending"/> empties the queue as well.</summary>
    Task SetWebhookAsync(string botId, string? url, string? secret, bool dropPending, CancellationToken cancellationToken);

    Task SetWebhookErrorAsync(string botId, string? error, CancellationToken cancellationToken);

    /// <summary>
    /// Turns the chat log's new messages into message updates for the bots that are members of their conversations,
    /// and new signatures on documents a bot asked to have signed into that bot's signature updates, and advances the
    /// feed cursor, in one transaction. Returns the bots that got updates, or null when the log had
    /// nothing new (call again while it returns non-null).
    /// </summary>
    Task<IReadOnlyCollection<string>?> FeedFromChatLogAsync(int batch, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Appends an update with the bot's next update id; returns that id.</summary>
    Task<long> EnqueueAsync(string botId, string kind, string payload, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records the press and queues the bot's callback_query update in one transaction.</summary>
    Task EnqueueCallbackAsync(BotCallback callback, string payload, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes the updates below <paramref name="offset"/> (confirmed) and returns up to limit from it.</summary>
    Task<IReadOnlyList<StoredBotUpdate>> ConfirmAndListAsync(string botId, long offset, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<WebhookDelivery>> ListWebhookHeadsAsync(CancellationToken cancellationToken);

    Task RemoveUpdateAsync(string botId, long updateId, CancellationToken cancellationToken);

    Task DeferUpdateAsync(string botId, long updateId, int attempts, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);

    /// <summary>Marks an unanswered press of this bot's buttons answered and returns it; null if unknown or answered.</summary>
    Task<BotCallback?> AnswerCallbackAsync(string botId, string callbackId, DateTimeOffset now, CancellationToken cancellationToken);
}
