using Messenger.MediaServer.Rtcp;

namespace Messenger.MediaServer.Interceptors;

/// <summary>
/// Folds keyframe requests for one upstream video source (one publisher SSRC: a track or a simulcast layer) from
/// any number of subscribers and layer selectors into at most one PLI (RFC 4585 §6.3.1) or FIR (RFC 5104 §4.3.1)
/// per interval. Each request costs the publisher a large keyframe, and every subscriber of a lossy meeting
/// would otherwise ask for its own (mediasoup and LiveKit throttle the same way).
/// A request inside the interval is remembered and becomes due when the interval ends, unless a keyframe
/// arrives first and satisfies it. Not thread-safe: call from the source's loop. Nothing here allocates.
/// </summary>
public sealed class KeyframeRequestThrottle
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(400);

    private readonly TimeProvider _timeProvider;
    private readonly long _intervalTicks;
    private long _lastSentTicks;
    private bool _sentOnce;
    private bool _pending;
    private byte _firSequenceNumber;

    public KeyframeRequestThrottle(TimeProvider timeProvider, TimeSpan? interval = null, bool useFir = false)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _intervalTicks = (long)((interval ?? DefaultInterval).TotalSeconds * timeProvider.TimestampFrequency);
        UseFir = useFir;
    }

    /// <summary>Send FIR instead of PLI (when the publisher negotiated only "ccm fir").</summary>
    public bool UseFir { get; }

    /// <summary>A request waits for the end of the interval.</summary>
    public bool IsPending => _pending;

    /// <summary>The FIR command sequence number the next FIR will carry.</summary>
    public byte NextFirSequenceNumber => _firSequenceNumber;

    /// <summary>Someone wants a keyframe. True when an upstream request should be written now.</summary>
    public bool Request()
    {
        if (TryConsumeSlot())
        {
            return true;
        }

        _pending = true;
        return false;
    }

    /// <summary>Call periodically: true when a deferred request is due now.</summary>
    public bool Poll() => _pending && TryConsumeSlot();

    /// <summary>A keyframe arrived from the publisher: deferred requests are satisfied.</summary>
    public void OnKeyframeReceived() => _pending = false;

    /// <summary>
    /// Writes the upstream request: a PLI, or a FIR whose command sequence number goes up by one for each new
    /// request (RFC 5104 §4.3.1.2; a receiver ignores a FIR repeating the number it last saw).
    /// </summary>
    public bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, out int written)
    {
        if (!UseFir)
        {
            return PictureLossIndication.TryWrite(destination, senderSsrc, mediaSsrc, out written);
        }

        ReadOnlySpan<FirEntry> entries = [new FirEntry(mediaSsrc, _firSequenceNumber)];
        if (!FullIntraRequest.TryWrite(destination, senderSsrc, entries, out written))
        {
            return false;
        }

        _firSequenceNumber++;
        return true;
    }

    private bool TryConsumeSlot()
    {
        var now = _timeProvider.GetTimestamp();
        if (_sentOnce && now - _lastSentTicks < _intervalTicks)
        {
            return false;
        }

        _sentOnce = true;
        _lastSentTicks = now;
        _pending = false;
        return true;
    }
}
