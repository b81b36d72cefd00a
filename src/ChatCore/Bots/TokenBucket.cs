namespace Messenger.ChatCore.Bots;

/// <summary>
/// A token bucket on an injected clock: <see cref="Burst"/> tokens at most, refilled at <see cref="PerSecond"/>. Not
/// thread-safe; <see cref="BotRateLimiter"/> locks around it.
/// </summary>
public sealed class TokenBucket(double perSecond, int burst, DateTimeOffset now)
{
    private double _tokens = burst;
    private DateTimeOffset _updated = now;

    public double PerSecond { get; } = perSecond;

    public int Burst { get; } = burst;

    public DateTimeOffset LastUsed => _updated;

    /// <summary>Zero when a token is available now, else how long until one is.</summary>
    public TimeSpan WaitFor(DateTimeOffset now)
    {
        Refill(now);
        return _tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - _tokens) / PerSecond);
    }

    /// <summary>Takes one token; call only after <see cref="WaitFor"/> returned zero.</summary>
    public void Take(DateTimeOffset now)
    {
        Refill(now);
        _tokens -= 1;
    }

    private void Refill(DateTimeOffset now)
    {
        if (now > _updated)
        {
            _tokens = Math.Min(Burst, _tokens + ((now - _updated).TotalSeconds * PerSecond));
            _updated = now;
        }
    }
}
