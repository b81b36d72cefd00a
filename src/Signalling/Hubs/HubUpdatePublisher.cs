using Messenger.ChatCore.Sync;
using Microsoft.AspNetCore.SignalR;

namespace Messenger.Signalling.Hubs;

/// <summary>
/// Pushes committed updates to connected devices: a user's own entries to their "user:{id}" group, a conversation's
/// entries to its "conv:{id}" group, so a channel post is one group send, not one send per subscriber. A push that
/// fails loses nothing: the update is already in the log and the device gets it from /api/sync.
/// </summary>
public sealed partial class HubUpdatePublisher(
    IHubContext<ChatHub> hub, ChatConnections connections, ILogger<HubUpdatePublisher> logger) : IChatUpdateSink
{
    public const string UpdateEvent = "Update";

    public async Task PublishAsync(IReadOnlyList<ChatUpdate> updates, CancellationToken cancellationToken)
    {
        foreach (var update in updates)
        {
            try
            {
                await PublishOneAsync(update, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPushFailed(logger, exception, update.Cursor);
            }
        }
    }

    private async Task PublishOneAsync(ChatUpdate update, CancellationToken cancellationToken)
    {
        if (update.UserId is not { } userId)
        {
            await hub.Clients.Group(ChatHub.ConversationGroup(update.ConversationId!))
                .SendAsync(UpdateEvent, update, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Join before telling, so the conversation's next entries reach the device; leave before, so they stop.
        if (update.Kind is UpdateKinds.ConversationAdded or UpdateKinds.ConversationRemoved)
        {
            var group = ChatHub.ConversationGroup(update.ConversationId!);
            foreach (var connectionId in connections.For(userId))
            {
                await (update.Kind == UpdateKinds.ConversationAdded
                    ? hub.Groups.AddToGroupAsync(connectionId, group, cancellationToken)
                    : hub.Groups.RemoveFromGroupAsync(connectionId, group, cancellationToken)).ConfigureAwait(false);
            }
        }

        await hub.Clients.Group(ChatHub.UserGroup(userId)).SendAsync(UpdateEvent, update, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pushing update {Cursor} failed; devices will get it by sync.")]
    private static partial void LogPushFailed(ILogger logger, Exception exception, long cursor);
}
