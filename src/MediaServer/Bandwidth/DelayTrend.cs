namespace Messenger.MediaServer.Bandwidth;

/// <summary>Delay-based detector state (GCC, draft-ietf-rmcat-gcc-02 §5.4).</summary>
public enum BandwidthUsage : byte
{
    Normal,

    /// <summary>Queues are growing: one-way delay rises faster than the threshold allows.</summary>
    Overusing,

    /// <summary>Queues are draining.</summary>
    Underusing,
}

/// <summary>
/// The delay-gradient detector of GCC, in libwebrtc's "trendline" form without a Kalman filter: packets are grouped
/// by send time (5 ms bursts, draft-ietf-rmcat-gcc-02 §5.2), each group's delay variation (arrival delta − send
/// delta) is accumulated and smoothed, and the slope of a least-squares line through the last
/// <see cref="Window"/> points is the trend. A rising trend means a queue builds on the path.
/// </summary>
internal sealed class DelayTrend
{
    public const int Window = 20;

    private const long BurstMicroseconds = 5_000;
    private const double Smoothing = 0.9;
    private const double ThresholdGain = 4;
    private const int MaxDeltaCount = 60;
    private const double ThresholdMs = 12.5;

    private readonly double[] _x = new double[Window];
    private readonly double[] _y = new double[Window];
    private int _count;
    private int _next;
    private int _deltaCount;
    private double _accumulatedMs;
    private double _smoothedMs;
    private long _firstArrival = long.MinValue;

    private Group _current;
    private Group _previous;
    private bool _hasCurrent;
    private bool _hasPrevious;

    public BandwidthUsage State { get; private set; }

    /// <summary>The last modified trend (slope × sample count × gain), comparable with the 12.5 ms threshold.</summary>
    public double ModifiedTrend { get; private set; }

    /// <summary>Feeds one acknowledged packet, in transport sequence order.</summary>
    public void OnPacket(long sendMicroseconds, long arrivalMicroseconds)
    {
        if (!_hasCurrent)
        {
            _current = new Group(sendMicroseconds, sendMicroseconds, arrivalMicroseconds);
            _hasCurrent = true;
            return;
        }

        if (sendMicroseconds - _current.FirstSend <= BurstMicroseconds && sendMicroseconds >= _current.FirstSend)
        {
            _current = _current with
            {
                LastSend = Math.Max(_current.LastSend, sendMicroseconds),
                LastArrival = Math.Max(_current.LastArrival, arrivalMicroseconds),
            };
            return;
        }

        if (sendMicroseconds < _current.FirstSend)
        {
            return; // reordered into an older group: GCC ignores it
        }

        if (_hasPrevious)
        {
            var sendDelta = _current.LastSend - _previous.LastSend;
            var arrivalDelta = _current.LastArrival - _previous.LastArrival;
            AddDelta((arrivalDelta - sendDelta) / 1000.0, _current.LastArrival);
        }

        _previous = _current;
        _hasPrevious = true;
        _current = new Group(sendMicroseconds, sendMicroseconds, arrivalMicroseconds);
    }

    private void AddDelta(double delayDeltaMs, long arrivalMicroseconds)
    {
        if (_firstArrival == long.MinValue)
        {
            _firstArrival = arrivalMicroseconds;
        }

        _deltaCount = Math.Min(_deltaCount + 1, MaxDeltaCount);
        _accumulatedMs += delayDeltaMs;
        _smoothedMs = (Smoothing * _smoothedMs) + ((1 - Smoothing) * _accumulatedMs);
        _x[_next] = (arrivalMicroseconds - _firstArrival) / 1000.0;
        _y[_next] = _smoothedMs;
        _next = (_next + 1) % Window;
        _count = Math.Min(_count + 1, Window);
        if (_count < Window)
        {
            return;
        }

        ModifiedTrend = Slope() * _deltaCount * ThresholdGain;
        State = ModifiedTrend > ThresholdMs ? BandwidthUsage.Overusing
            : ModifiedTrend < -ThresholdMs ? BandwidthUsage.Underusing
            : BandwidthUsage.Normal;
    }

    /// <summary>Least-squares slope of smoothed delay over arrival time (ms per ms).</summary>
    private double Slope()
    {
        double meanX = 0, meanY = 0;
        for (var i = 0; i < Window; i++)
        {
            meanX += _x[i];
            meanY += _y[i];
        }

        meanX /= Window;
        meanY /= Window;
        double numerator = 0, denominator = 0;
        for (var i = 0; i < Window; i++)
        {
            numerator += (_x[i] - meanX) * (_y[i] - meanY);
            denominator += (_x[i] - meanX) * (_x[i] - meanX);
        }

        return denominator == 0 ? 0 : numerator / denominator;
    }

    private readonly record struct Group(long FirstSend, long LastSend, long LastArrival);
}
