using System.Text.Json;
using System.Text.Json.Nodes;
using Messenger.ChatCore.Bots;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Storage;

namespace Messenger.Signalling.Bots;

/// <summary>
/// The host's side of the bots' durable queues: long polls wait here, and other features queue updates here (button
/// presses, and signatures once the document kind calls <see cref="EnqueueSignatureUpdateAsync"/>).
/// </summary>
public sealed class BotUpdateQueue(IBotStore store, IChatStore chat, UserDirectory directory, BotSignals signals, TimeProvider clock)
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

    /// <summary>
    /// Queues a <c>signature</c> update for the bot that sent the document at (<paramref name="conversationId"/>,
    /// <paramref name="seq"/>) with request_signature, and wakes it. The document kind's IDocumentSignatureListener
    /// calls this when a user signs; it returns false (and queues nothing) when no bot asked for signatures there.
    /// </summary>
    public async Task<bool> EnqueueSignatureUpdateAsync(
        string conversationId, long seq, string? documentId, string signerUserId, string? signatureBase64, string status,
        CancellationToken cancellationToken)
    {
        var botId = await store.FindSignatureRequesterAsync(conversationId, seq, cancellationToken).ConfigureAwait(false);
        var signer = await directory.FindAsync(signerUserId, cancellationToken).ConfigureAwait(false);
        var conversation = await chat.ReadAsync(r => r.FindConversationAsync(conversationId), cancellationToken).ConfigureAwait(false);
        if (botId is null || signer is null || conversation is null)
        {
            return false;
        }

        var update = new SignatureUpdate(documentId, BotChat.From(conversation), seq, BotUser.From(signer), signatureBase64, status,
            clock.GetUtcNow().ToUnixTimeSeconds());
        var id = await store.EnqueueAsync(botId, BotUpdateKinds.Signature, JsonSerializer.Serialize(update, BotJson.Options),
            clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        signals.Pulse(botId);
        return id > 0;
    }

    /// <summary>The Update object as sent: <c>{"update_id": n, "&lt;kind&gt;": {...}}</c>.</summary>
    public static JsonObject Render(StoredBotUpdate update) => new()
    {
        ["update_id"] = update.UpdateId,
        [update.Kind] = JsonNode.Parse(update.Payload),
    };
}
