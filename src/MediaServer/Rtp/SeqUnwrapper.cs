namespace Messenger.MediaServer.Rtp;

/// <summary>
/// Extends 16-bit sequence numbers to a monotonic 64-bit counter (RFC 3550 §A.1 "extended highest sequence
/// number"): each new value is placed at the unwrapped position closest to the last one.
/// A mutable struct so that a stream can keep one inline without allocating.
/// </summary>
public struct SeqUnwrapper
{
    private long _last;
    private bool _started;

    /// <summary>The last unwrapped value returned, or 0 before the first call.</summary>
    public readonly long Last => _last;

    public long Unwrap(ushort sequenceNumber)
    {
        if (!_started)
        {
            _started = true;
            _last = sequenceNumber;
            return _last;
        }

        // A packet reordered before the very first one unwraps below the first value (possibly negative).
        var unwrapped = _last + SeqNum.Distance((ushort)_last, sequenceNumber);
        // Only move forward: a late packet must not drag the reference back.
        if (unwrapped > _last)
        {
            _last = unwrapped;
        }

        return unwrapped;
    }
}
