using System.Text.Json.Nodes;
using Messenger.ChatCore.Bots;

namespace Messenger.Signalling.Bots;

/// <summary>
/// The host's side of the bots' durable queues: long polls wait here. Updates are queued by the feed from the chat log
/// (messages, and signatures on signing requests: <see cref="BotFeed"/>) and by button presses.
/// </summary>
public sealed class BotUpdateQueue(IBotStore store, BotSignals signals, TimeProvider clock)
{
    /// <summary>
    /// Confirms the updates below <paramref name="offset"/> and returns the next ones, waiting up to
    /// <paramref name="timeout"/> for one to arrive when there are none (Telegram's getUpdates long poll).
    /// </summary>
    public async Task<IReadOnlyList<StoredBotUpdate>> WaitForUpdatesAsync(
        string botId, long offset, int limit, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var wake = signals.WhenBot(botId);
        var updates = await store.ConfirmAndListAsync(botId, offset, limit, cancellationToken).ConfigureAwait(false);
        if (updates.Count > 0 || timeout <= TimeSpan.Zero)
        {
            return updates;
        }

        try
        {
            await wake.WaitAsync(timeout, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return [];
        }

        return await store.ConfirmAndListAsync(botId, offset, limit, cancellationToken).ConfigureAwait(false);
    }

    public void Pulse(string botId) => signals.Pulse(botId);

    /// <summary>The Update object as sent: <c>{"update_id": n, "&lt;kind&gt;": {...}}</c>.</summary>
    public static JsonObject Render(StoredBotUpdate update) => new()
    {
        ["update_id"] = update.UpdateId,
        [update.Kind] = JsonNode.Parse(update.Payload),
    };
}
