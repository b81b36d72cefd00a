using System.Threading.Channels;
using Messenger.ChatCore.Bots;
using Messenger.ChatCore.Documents;
using Messenger.ChatCore.Sync;

namespace Messenger.Signalling.Bots;

/// <summary>
/// Turns chat messages into bots' <c>message</c> updates, and signatures on their signing requests into
/// <c>signature</c> updates. It listens to committed chat writes only to learn that there
/// is work; the work itself reads the durable chat log from the feed's own cursor (SqliteBotStore), so a crash between
/// a message's commit and its bot update loses nothing: at the next start the feed resumes where it stopped.
/// </summary>
public sealed partial class BotFeed(IBotStore store, BotSignals signals, TimeProvider clock, ILogger<BotFeed> logger)
    : BackgroundService, IChatUpdateListener
{
    private const int Batch = 500;

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void OnCommitted(IReadOnlyList<ChatUpdate> updates)
    {
        foreach (var update in updates)
        {
            // A new message, or a signature (document.updated) that may answer a bot's signing request.
            if (update.Kind is UpdateKinds.MessageNew or DocumentUpdateKinds.Updated)
            {
                _wake.Writer.TryWrite(true);
                return;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _wake.Writer.TryWrite(true); // catch up with whatever was posted while the host was down
        while (await _wake.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            _wake.Reader.TryRead(out _);
            try
            {
                while (await store.FeedFromChatLogAsync(Batch, clock.GetUtcNow(), stoppingToken).ConfigureAwait(false) is { } fed)
                {
                    foreach (var botId in fed)
                    {
                        signals.Pulse(botId);
                    }
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The cursor did not move; the next message (or restart) retries from the same place.
                LogFeedFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feeding the chat log to bots failed; will retry on the next chat update.")]
    private static partial void LogFeedFailed(ILogger logger, Exception exception);
}
