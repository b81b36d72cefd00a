using Messenger.Signalling.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace Messenger.Signalling.Calls;

/// <summary>How a call ended, for its system message.</summary>
public sealed record CallRecord(string CallId, string ConversationId, string CallerId, bool Video, string Outcome, int DurationSeconds);

/// <summary>Events collected under the call lock, sent after it is released; and the call that ended, if any.</summary>
public sealed class CallOutbox
{
    public List<(IReadOnlyList<string> UserIds, string Event, object Payload)> Sends { get; } = [];

    public CallRecord? Ended { get; set; }

    public void Tell(IEnumerable<string> userIds, string name, object payload) =>
        Sends.Add(([.. userIds.Distinct(StringComparer.Ordinal)], name, payload));
}

/// <summary>
/// Sends call events to every device of each user concerned, through their "user:{id}" hub groups. Ringing is not
/// stored: a device that is offline when the call starts does not ring (it sees the call record when it syncs).
/// </summary>
public sealed partial class CallNotifier(IHubContext<ChatHub> hub, ILogger<CallNotifier> logger)
{
    public async Task DeliverAsync(CallOutbox outbox)
    {
        foreach (var (userIds, name, payload) in outbox.Sends)
        {
            try
            {
                await hub.Clients.Groups([.. userIds.Select(ChatHub.UserGroup)]).SendAsync(name, payload).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSendFailed(logger, exception, name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending call event {Event} failed.")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string @event);
}
