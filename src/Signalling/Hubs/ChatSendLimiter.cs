using System.Threading.RateLimiting;
using Messenger.ChatCore;

namespace Messenger.Signalling.Hubs;

/// <summary>
/// Per-user token bucket for sending and forwarding, shared by the hub and REST so that switching transport buys
/// nothing: <see cref="ChatOptions.SendBurst"/> at once, then <see cref="ChatOptions.SendPerSecond"/> a second.
/// </summary>
public sealed class ChatSendLimiter(ChatOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(
        userId => RateLimitPartition.GetTokenBucketLimiter(userId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.SendBurst,
            TokensPerPeriod = options.SendPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Null when the user may send now, else how long to wait.</summary>
    public TimeSpan? TryAcquire(string userId)
    {
        using var lease = _limiter.AttemptAcquire(userId);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _limiter.Dispose();
}
