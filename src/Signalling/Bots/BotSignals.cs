using System.Collections.Concurrent;

namespace Messenger.Signalling.Bots;

/// <summary>
/// Wakes whoever waits for a bot's queue: its getUpdates long poll and the webhook sender. A waiter takes the task
/// first and reads the store second, so a pulse between the two is never missed.
/// </summary>
public sealed class BotSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _bots = new(StringComparer.Ordinal);
    private TaskCompletionSource _any = New();

    public Task WhenBot(string botId) => _bots.GetOrAdd(botId, _ => New()).Task;

    public Task WhenAny => Volatile.Read(ref _any).Task;

    public void Pulse(string botId)
    {
        if (_bots.TryRemove(botId, out var waiting))
        {
            waiting.TrySetResult();
        }

        Interlocked.Exchange(ref _any, New()).TrySetResult();
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
