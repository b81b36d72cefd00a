using System.Runtime.CompilerServices;
using Messenger.MediaServer.Rtp;

namespace Messenger.MediaServer.Forwarding;

/// <summary>
/// Sequence number and timestamp rewriting for one consumer output stream (LiveKit "rtpmunger", mediasoup
/// "SeqManager"). The subscriber must see one continuous RTP stream (RFC 3550 §5.1) although the forwarder
/// drops packets (padding, temporal layers) and switches between sources (simulcast layers, a publisher that
/// reconnects with new SSRC, seq and timestamp bases).
/// <list type="bullet">
/// <item>Packets dropped in order shift the sequence offset, so they leave no hole the subscriber would NACK.</item>
/// <item>Real upstream gaps are kept: the missing packets may still arrive (reordered or retransmitted) and are
/// then forwarded into the slot they left, using the offset that was in force at their position.</item>
/// <item>A switch continues at last output seq + 1, and the timestamp at last output ts + the time that passed
/// (or an SR-derived reference), so timestamps never step backwards (RFC 3550 §5.1: ts is monotonic per
/// source, receivers use it for jitter and playout).</item>
/// </list>
/// The forwarder only feeds packets of the currently selected source. Not thread-safe: one consumer, one thread.
/// </summary>
public sealed class RtpMunger
{
    /// <summary>How far behind the highest packet a reordered packet may arrive and still be placed.</summary>
    public const int ReorderWindow = SeenWindow.Bits;

    /// <summary>Offset changes remembered for placing reordered packets; older changes make them <see cref="RtpPacketClass.TooOld"/>.</summary>
    public const int MaxOffsetRanges = OffsetHistory.Capacity;

    private readonly TimeProvider _timeProvider;
    private readonly int _clockRate;

    private bool _started;
    private long _sourceStart; // extended seq of the first packet of the current source: older ones are dropped
    private long _highestIn; // extended seq of the newest packet of the current source (forwarded or dropped)
    private long _lastOut; // extended output seq of the newest forwarded packet
    private uint _tsOffset; // output ts = input ts - _tsOffset (mod 2^32)
    private uint _lastOutTs;
    private long _lastForwardTicks;

    private OffsetHistory _offsets; // output ext seq = input ext seq - offset
    private SeenWindow _seen;

    public RtpMunger(int clockRate, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _clockRate = clockRate;
        _timeProvider = timeProvider;
    }

    public bool IsStarted => _started;

    /// <summary>Output sequence number of the newest forwarded packet.</summary>
    public ushort LastSequenceNumber => (ushort)_lastOut;

    /// <summary>Output timestamp of the newest forwarded packet.</summary>
    public uint LastTimestamp => _lastOutTs;

    /// <summary>
    /// Starts a new source whose first forwarded packet will be <paramref name="firstSequenceNumber"/> (normally a
    /// keyframe start). It gets output seq = last + 1. Its output timestamp is <paramref name="referenceTimestamp"/>
    /// (the new source's first timestamp mapped onto the old source's timeline via Sender Report NTP/RTP pairs,
    /// RFC 3550 §6.4.1) when that is ahead of the last output and within a second of the wall-clock estimate;
    /// otherwise last output ts + elapsed wall-clock time × clock rate (at least 1 tick).
    /// The first call before any packet just starts the stream with output = input.
    /// </summary>
    public void PrepareSwitch(ushort firstSequenceNumber, uint firstTimestamp, uint? referenceTimestamp = null)
    {
        long outputStart;
        uint outputTs;
        if (!_started)
        {
            outputStart = firstSequenceNumber;
            outputTs = firstTimestamp;
            _lastOut = outputStart - 1;
            _lastOutTs = outputTs;
            _lastForwardTicks = _timeProvider.GetTimestamp();
            _started = true;
        }
        else
        {
            outputStart = _lastOut + 1;
            var elapsed = _timeProvider.GetElapsedTime(_lastForwardTicks);
            var ticks = Math.Max(1L, (long)(elapsed.TotalSeconds * _clockRate));
            var estimated = _lastOutTs + (uint)Math.Min(ticks, int.MaxValue);
            outputTs = estimated;
            if (referenceTimestamp is { } reference
                && SeqNum.IsTimestampNewer(reference, _lastOutTs)
                && Math.Abs((long)(int)(reference - estimated)) <= _clockRate)
            {
                outputTs = reference;
            }
        }

        _sourceStart = firstSequenceNumber;
        _highestIn = _sourceStart - 1;
        _tsOffset = firstTimestamp - outputTs;
        _offsets.Reset(_sourceStart, _sourceStart - outputStart);
        _seen.Clear();
    }

    /// <summary>Classifies a packet of the current source and returns its output seq and timestamp, or a drop.</summary>
    public RtpMungeResult Process(ushort sequenceNumber, uint timestamp, bool paddingOnly = false) =>
        Handle(sequenceNumber, timestamp, paddingOnly ? RtpPacketClass.PaddingOnly : RtpPacketClass.Contiguous);

    /// <summary>
    /// The forwarder drops this packet on purpose (temporal layer above target, paused track): it is accounted
    /// like a padding packet so the output has no hole where it was.
    /// </summary>
    public RtpMungeResult Discard(ushort sequenceNumber) => Handle(sequenceNumber, 0, RtpPacketClass.Discarded);

    private RtpMungeResult Handle(ushort sequenceNumber, uint timestamp, RtpPacketClass dropAs)
    {
        if (!_started)
        {
            PrepareSwitch(sequenceNumber, timestamp);
        }

        var ext = _highestIn + SeqNum.Distance((ushort)_highestIn, sequenceNumber);
        var drop = dropAs != RtpPacketClass.Contiguous;
        var diff = ext - _highestIn;
        if (diff > 0)
        {
            _seen.Advance(_highestIn, ext);
            _seen.Set(ext);
            var previousHighest = _highestIn;
            _highestIn = ext;
            if (drop)
            {
                _offsets.ShiftAfter(ext);
                return RtpMungeResult.Drop(dropAs);
            }

            _lastOut = ext - _offsets.CurrentOffset;
            _lastOutTs = timestamp - _tsOffset;
            _lastForwardTicks = _timeProvider.GetTimestamp();
            var packetClass = ext == previousHighest + 1 ? RtpPacketClass.Contiguous : RtpPacketClass.Gap;
            return new RtpMungeResult(true, packetClass, (ushort)_lastOut, _lastOutTs);
        }

        if (ext < _sourceStart || -diff >= ReorderWindow)
        {
            return RtpMungeResult.Drop(RtpPacketClass.TooOld);
        }

        if (diff == 0)
        {
            return RtpMungeResult.Drop(RtpPacketClass.Duplicate);
        }

        if (_seen.Get(ext))
        {
            return RtpMungeResult.Drop(RtpPacketClass.Duplicate);
        }

        _seen.Set(ext);
        if (drop)
        {
            // Its output slot was already skipped over by newer packets; it stays a hole (nothing to resend).
            return RtpMungeResult.Drop(dropAs);
        }

        if (!_offsets.TryFind(ext, out var offset))
        {
            return RtpMungeResult.Drop(RtpPacketClass.TooOld);
        }

        return new RtpMungeResult(true, RtpPacketClass.OutOfOrder, (ushort)(ext - offset), timestamp - _tsOffset);
    }

    /// <summary>A bitmap of which of the last <see cref="Bits"/> extended sequence numbers were seen.</summary>
    [InlineArray(Words)]
    private struct SeenWindow
    {
        public const int Words = 8;
        public const int Bits = Words * 64;

        private ulong _element0;

        public readonly bool Get(long ext) => (this[Word(ext)] & Bit(ext)) != 0;

        public void Set(long ext) => this[Word(ext)] |= Bit(ext);

        /// <summary>Forgets the slots that (from, to] reuse.</summary>
        public void Advance(long from, long to)
        {
            if (to - from >= Bits)
            {
                Clear();
                return;
            }

            for (var ext = from + 1; ext <= to; ext++)
            {
                this[Word(ext)] &= ~Bit(ext);
            }
        }

        public void Clear() => ((Span<ulong>)this).Clear();

        private static int Word(long ext) => (int)((ulong)ext / 64 % Words);

        private static ulong Bit(long ext) => 1UL << (int)((ulong)ext % 64);
    }
}
