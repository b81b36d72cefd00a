using Messenger.MediaServer.Rtcp;
using Messenger.MediaServer.Rtp;

namespace Messenger.MediaServer.Bandwidth;

/// <summary>
/// Send-side bandwidth estimate toward one subscriber, from its transport-cc feedback
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01), after Google Congestion Control
/// (draft-ietf-rmcat-gcc-02): we note when we sent each transport-wide sequence number, the feedback says when
/// it arrived, and two controllers act on one estimate:
/// <list type="bullet">
/// <item>loss (§6): more than 10 % lost → × (1 − loss/2); under 2 % → may grow;</item>
/// <item>delay (§5): a rising delay trend (<see cref="DelayTrend"/>) → 0.85 × the acknowledged rate; normal →
/// grow 8 % per second, never beyond 1.5 × the acknowledged rate (§5.5) so the estimate cannot run away from
/// what the path actually delivered.</item>
/// </list>
/// Without transport-cc (nothing for 2 s), REMB values (draft-alvestrand-rmcat-remb) are taken as the estimate.
/// Not thread-safe; sent-packet bookkeeping is a fixed ring and allocates nothing.
/// </summary>
public sealed class SendSideEstimator
{
    public const int SentHistory = 4096;

    private static readonly TimeSpan DecreaseInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan FeedbackTimeout = TimeSpan.FromSeconds(2);
    private const long AckedWindowMicroseconds = 250_000;

    private readonly TimeProvider _timeProvider;
    private readonly long _minBps;
    private readonly long _maxBps;
    private readonly long[] _sentExt = new long[SentHistory];
    private readonly long[] _sentMicroseconds = new long[SentHistory];
    private readonly int[] _sentSize = new int[SentHistory];
    private readonly DelayTrend _trend = new();
    private SeqUnwrapper _sentUnwrapper;
    private long _highestSent = long.MinValue;

    private double _estimate;
    private long _lastUpdateTicks;
    private long _lastDecreaseTicks;
    private bool _hasFeedback;
    private long _lastFeedbackTicks;

    private long _ackedBytes;
    private long _ackedFirstArrival = long.MinValue;
    private long _ackedLastArrival;

    public SendSideEstimator(TimeProvider timeProvider, long initialBps = 1_000_000, long minBps = 50_000, long maxBps = 20_000_000)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minBps);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBps, minBps);
        _timeProvider = timeProvider;
        _minBps = minBps;
        _maxBps = maxBps;
        _estimate = Math.Clamp(initialBps, minBps, maxBps);
        _lastUpdateTicks = timeProvider.GetTimestamp();
        _lastDecreaseTicks = _lastUpdateTicks;
        Array.Fill(_sentExt, long.MinValue);
    }

    public long EstimateBps => (long)_estimate;

    /// <summary>
    /// Multiplicative growth per second on a clean path. GCC's 1.08 assumes the sender can probe with padding; an
    /// SFU that probes only by trying the next simulcast layer needs to climb faster to recover within seconds.
    /// </summary>
    public double IncreasePerSecond { get; init; } = 1.08;

    /// <summary>Rate the subscriber acknowledged receiving (bps), 0 until measured.</summary>
    public long AckedBps { get; private set; }

    public BandwidthUsage DelayState => _trend.State;

    /// <summary>Fraction lost in the last feedback packet (0..1).</summary>
    public double LossFraction { get; private set; }

    public void OnPacketSent(ushort transportSequenceNumber, int sizeBytes) =>
        OnPacketSent(transportSequenceNumber, sizeBytes, _timeProvider.GetTimestamp() * 1_000_000 / _timeProvider.TimestampFrequency);

    public void OnPacketSent(ushort transportSequenceNumber, int sizeBytes, long sendMicroseconds)
    {
        var ext = _sentUnwrapper.Unwrap(transportSequenceNumber);
        _highestSent = Math.Max(_highestSent, ext);
        var index = (int)(ext & (SentHistory - 1));
        _sentExt[index] = ext;
        _sentMicroseconds[index] = sendMicroseconds;
        _sentSize[index] = sizeBytes;
    }

    public void OnTransportFeedback(in TransportFeedback feedback)
    {
        if (_highestSent == long.MinValue)
        {
            return;
        }

        int total = 0, lost = 0;
        foreach (var result in feedback)
        {
            var ext = _highestSent + SeqNum.Distance((ushort)_highestSent, result.SequenceNumber);
            var index = (int)(ext & (SentHistory - 1));
            if (_sentExt[index] != ext)
            {
                continue; // not ours, or too old
            }

            total++;
            if (!result.Received)
            {
                lost++;
                continue;
            }

            _trend.OnPacket(_sentMicroseconds[index], result.ArrivalMicroseconds);
            AddAcked(_sentSize[index], result.ArrivalMicroseconds);
        }

        if (total == 0)
        {
            return;
        }

        LossFraction = (double)lost / total;
        _hasFeedback = true;
        _lastFeedbackTicks = _timeProvider.GetTimestamp();
        Update();
    }

    /// <summary>A REMB arrived; used as the estimate when transport-cc feedback is absent or stale.</summary>
    public void OnRemb(ulong bitrate)
    {
        if (_hasFeedback && _timeProvider.GetElapsedTime(_lastFeedbackTicks) < FeedbackTimeout)
        {
            return;
        }

        _estimate = Math.Clamp((double)Math.Min(bitrate, (ulong)long.MaxValue), _minBps, _maxBps);
    }

    private void Update()
    {
        var now = _timeProvider.GetTimestamp();
        var seconds = Math.Min(1.0, (now - _lastUpdateTicks) / (double)_timeProvider.TimestampFrequency);
        _lastUpdateTicks = now;
        var canDecrease = _timeProvider.GetElapsedTime(_lastDecreaseTicks) >= DecreaseInterval;
        var estimate = _estimate;

        if (LossFraction > 0.10)
        {
            if (canDecrease)
            {
                estimate *= 1 - (0.5 * LossFraction);
                _lastDecreaseTicks = now;
            }
        }
        else if (_trend.State == BandwidthUsage.Overusing)
        {
            if (canDecrease)
            {
                var basis = AckedBps > 0 ? Math.Min(AckedBps, estimate) : estimate;
                estimate = 0.85 * basis;
                _lastDecreaseTicks = now;
            }
        }
        else if (_trend.State == BandwidthUsage.Normal && LossFraction < 0.02)
        {
            var increased = estimate * Math.Pow(IncreasePerSecond, seconds);
            if (AckedBps > 0)
            {
                // Never grow past what the path demonstrably carried (GCC §5.5), but do not cut here either.
                increased = Math.Min(increased, Math.Max(estimate, (1.5 * AckedBps) + 10_000));
            }

            estimate = increased;
        }

        _estimate = Math.Clamp(estimate, _minBps, _maxBps);
    }

    private void AddAcked(int size, long arrivalMicroseconds)
    {
        if (_ackedFirstArrival == long.MinValue)
        {
            _ackedFirstArrival = arrivalMicroseconds;
            _ackedLastArrival = arrivalMicroseconds;
            return; // the first packet opens the window; its bytes arrived before it
        }

        _ackedBytes += size;
        _ackedLastArrival = Math.Max(_ackedLastArrival, arrivalMicroseconds);
        var span = _ackedLastArrival - _ackedFirstArrival;
        if (span < AckedWindowMicroseconds)
        {
            return;
        }

        var rate = _ackedBytes * 8 * 1_000_000 / span;
        AckedBps = AckedBps == 0 ? rate : (AckedBps + rate) / 2;
        _ackedBytes = 0;
        _ackedFirstArrival = _ackedLastArrival;
    }
}
