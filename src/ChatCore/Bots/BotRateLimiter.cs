namespace Messenger.ChatCore.Bots;

/// <summary>The rate limits of bots; Telegram's documented defaults are 30 messages a second and 1 a second per chat.</summary>
public sealed record BotRateLimits(double GlobalPerSecond = 30, int GlobalBurst = 30, double ChatPerSecond = 1, int ChatBurst = 3);

/// <summary>
/// Two token buckets a send must pass: one per bot (all chats together) and one per bot and chat. A send takes a token
/// from both or from neither, so a refused send does not eat into the other limit. Refusals say how long to wait,
/// which the Bot API returns as <c>parameters.retry_after</c>.
/// </summary>
public sealed class BotRateLimiter(BotRateLimits limits, TimeProvider clock)
{
    private const int PruneAbove = 10_000;

    private readonly Dictionary<string, TokenBucket> _global = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Bot, string Chat), TokenBucket> _perChat = [];
    private readonly Lock _lock = new();

    /// <summary>Null when the bot may send to the chat now (a token was taken), else how long to wait.</summary>
    public TimeSpan? TryAcquire(string botId, string chatId)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            var global = Bucket(_global, botId, limits.GlobalPerSecond, limits.GlobalBurst, now);
            var chat = Bucket(_perChat, (botId, chatId), limits.ChatPerSecond, limits.ChatBurst, now);
            var wait = Max(global.WaitFor(now), chat.WaitFor(now));
            if (wait > TimeSpan.Zero)
            {
                return wait;
            }

            global.Take(now);
            chat.Take(now);
            return null;
        }
    }

    private static TokenBucket Bucket<TKey>(
        Dictionary<TKey, TokenBucket> buckets, TKey key, double perSecond, int burst, DateTimeOffset now)
        where TKey : notnull
    {
        if (!buckets.TryGetValue(key, out var bucket))
        {
            if (buckets.Count > PruneAbove)
            {
                // A bucket idle long enough to have refilled is the same as a new one, so dropping it changes nothing.
                foreach (var idle in buckets.Where(b => (now - b.Value.LastUsed).TotalSeconds * b.Value.PerSecond >= b.Value.Burst)
                    .Select(b => b.Key).ToList())
                {
                    buckets.Remove(idle);
                }
            }

            bucket = new TokenBucket(perSecond, burst, now);
            buckets[key] = bucket;
        }

        return bucket;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
