namespace Messenger.MediaServer.Transport;

public sealed class SimpleEgressImpairmentOptions
{
    /// <summary>Chance in [0, 1] that a datagram is dropped.</summary>
    public double DropProbability { get; init; }

    /// <summary>Fixed delay added to every datagram that is sent.</summary>
    public TimeSpan ExtraDelay { get; init; }

    /// <summary>Token-bucket cap in bytes per second (burst of one second); 0 means no cap.</summary>
    public long RateLimitBytesPerSecond { get; init; }
}

/// <summary>Random loss, fixed delay and a token-bucket rate cap, for tests.</summary>
public sealed class SimpleEgressImpairment : IEgressImpairment
{
    private readonly SimpleEgressImpairmentOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private double _tokens;
    private long _lastRefill;

    /// <param name="random">Seeded for repeatable tests; guarded by a lock because Random is not thread-safe.</param>
    public SimpleEgressImpairment(SimpleEgressImpairmentOptions options, TimeProvider timeProvider, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _time = timeProvider;
        _random = random ?? new Random();
        _tokens = options.RateLimitBytesPerSecond;
        _lastRefill = timeProvider.GetTimestamp();
    }

    public EgressVerdict Evaluate(int datagramLength)
    {
        lock (_gate)
        {
            if (_options.DropProbability > 0 && _random.NextDouble() < _options.DropProbability)
            {
                return EgressVerdict.Drop;
            }

            long rate = _options.RateLimitBytesPerSecond;
            if (rate > 0)
            {
                long now = _time.GetTimestamp();
                double elapsedSeconds = _time.GetElapsedTime(_lastRefill, now).TotalSeconds;
                _lastRefill = now;
                _tokens = Math.Min(rate, _tokens + (elapsedSeconds * rate));
                if (_tokens < datagramLength)
                {
                    return EgressVerdict.Drop;
                }

                _tokens -= datagramLength;
            }

            return _options.ExtraDelay > TimeSpan.Zero ? EgressVerdict.DelayBy(_options.ExtraDelay) : EgressVerdict.Send;
        }
    }
}
