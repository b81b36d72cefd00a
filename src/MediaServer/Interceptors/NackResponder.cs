using System.Buffers.Binary;
using Messenger.MediaServer.Rtcp;
using Messenger.MediaServer.Rtp;

namespace Messenger.MediaServer.Interceptors;

/// <summary>
/// Answers a subscriber's Generic NACKs (RFC 4585 §6.2.1) from the track's <see cref="PacketHistory"/>, either
/// as a plain retransmission or, when negotiated, in an RTX stream (RFC 4588). A sequence number is resent at
/// most once per round-trip time (100 ms until an RTT is known): a receiver repeats its NACK until the
/// retransmission arrives, and answering each repeat would only add load on a congested path.
/// Not thread-safe: the track's send path owns it. Nothing here allocates after construction.
/// </summary>
public sealed class NackResponder
{
    public static readonly TimeSpan DefaultResendInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>RFC 4588 §4: the original sequence number (OSN) precedes the original payload.</summary>
    public const int RtxOverhead = 2;

    private static readonly TimeSpan MinResendInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxResendInterval = TimeSpan.FromSeconds(1);

    private readonly PacketHistory _history;
    private readonly TimeProvider _timeProvider;
    private readonly ResendStamp[] _lastResend; // per history slot
    private readonly int _mask;
    private long _resendIntervalTicks;

    private bool _rtx;
    private uint _rtxSsrc;
    private byte _rtxPayloadType;
    private ushort _rtxSequenceNumber;

    public NackResponder(PacketHistory history, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _history = history;
        _timeProvider = timeProvider;
        _lastResend = new ResendStamp[history.Capacity];
        _mask = history.Capacity - 1;
        SetRoundTripTime(DefaultResendInterval);
    }

    public bool RtxEnabled => _rtx;

    /// <summary>Resends go out as RTX (RFC 4588 §4) on <paramref name="rtxSsrc"/> with its own sequence counter.</summary>
    public void EnableRtx(uint rtxSsrc, byte rtxPayloadType, ushort initialSequenceNumber)
    {
        _rtx = true;
        _rtxSsrc = rtxSsrc;
        _rtxPayloadType = rtxPayloadType;
        _rtxSequenceNumber = initialSequenceNumber;
    }

    /// <summary>Uses the measured RTT (from RR/XR, RFC 3550 §6.4.1) as the per-seq resend interval, within 10 ms–1 s.</summary>
    public void SetRoundTripTime(TimeSpan roundTripTime)
    {
        var clamped = roundTripTime < MinResendInterval ? MinResendInterval
            : roundTripTime > MaxResendInterval ? MaxResendInterval : roundTripTime;
        _resendIntervalTicks = (long)(clamped.TotalSeconds * _timeProvider.TimestampFrequency);
    }

    /// <summary>
    /// Writes into <paramref name="destination"/> the sequence numbers of <paramref name="nack"/> that are still in
    /// the history and not resent within the interval, and marks them resent now. Size the span with
    /// <see cref="GenericNack.LostCount"/>. Returns how many were written.
    /// </summary>
    public int CollectResends(in GenericNack nack, Span<ushort> destination)
    {
        var now = _timeProvider.GetTimestamp();
        var written = 0;
        for (var i = 0; i < nack.PairCount; i++)
        {
            var pid = nack.GetPacketId(i);
            var blp = nack.GetBitmask(i);
            TryAdd(pid, now, destination, ref written);
            for (var bit = 0; bit < 16; bit++)
            {
                if ((blp & (1 << bit)) != 0)
                {
                    TryAdd((ushort)(pid + bit + 1), now, destination, ref written);
                }
            }
        }

        return written;
    }

    /// <summary>
    /// Builds the packet to resend for <paramref name="sequenceNumber"/>: a copy of the stored packet, or with RTX
    /// enabled an RTX packet (RFC 4588 §4: same timestamp, marker, CSRCs and header extensions; RTX SSRC, PT and
    /// the next RTX sequence number; payload = OSN + original payload, original padding dropped).
    /// False when it is gone from the history or does not fit.
    /// </summary>
    public bool TryBuildResend(ushort sequenceNumber, Span<byte> destination, out int length)
    {
        length = 0;
        if (!_history.TryGetStored(sequenceNumber, out var stored))
        {
            return false;
        }

        if (!_rtx)
        {
            return _history.TryGet(sequenceNumber, destination, out length);
        }

        if (RtpPacket.TryParse(stored, out var original) != RtpParseResult.Ok)
        {
            return false;
        }

        var header = original.HeaderLength;
        var payload = original.Payload;
        var total = header + RtxOverhead + payload.Length;
        if (total > destination.Length)
        {
            return false;
        }

        stored.Slice(0, header).CopyTo(destination);
        destination[0] &= 0xDF; // no padding: RFC 4588 §4 carries only the original payload
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(header), sequenceNumber);
        payload.CopyTo(destination.Slice(header + RtxOverhead));
        destination[1] = (byte)((destination[1] & 0x80) | (_rtxPayloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), _rtxSequenceNumber++);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), _rtxSsrc);
        length = total;
        return true;
    }

    private void TryAdd(ushort sequenceNumber, long now, Span<ushort> destination, ref int written)
    {
        if (written >= destination.Length || !_history.Contains(sequenceNumber))
        {
            return;
        }

        ref var stamp = ref _lastResend[sequenceNumber & _mask];
        if (stamp.Valid && stamp.SequenceNumber == sequenceNumber && now - stamp.Ticks < _resendIntervalTicks)
        {
            return;
        }

        stamp = new ResendStamp(sequenceNumber, now, Valid: true);
        destination[written++] = sequenceNumber;
    }

    private readonly record struct ResendStamp(ushort SequenceNumber, long Ticks, bool Valid);
}
