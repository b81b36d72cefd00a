using Messenger.MediaServer.Rtcp;
using Messenger.MediaServer.Rtp;

namespace Messenger.MediaServer.Interceptors;

/// <summary>
/// Receive side of transport-wide congestion control toward a publisher
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01): records the transport-wide sequence number and arrival
/// time of every packet on the connection and turns them into transport-cc feedback packets, which the
/// browser's send-side estimator needs to raise its simulcast layers (without feedback it stays at its start rate).
/// Call <see cref="TryBuildFeedback"/> every ~50–100 ms (libwebrtc's default interval is 100 ms) until it
/// returns false. Arrivals live in a fixed ring; nothing allocates after construction. Not thread-safe.
/// </summary>
public sealed class TwccRecorder
{
    /// <summary>Packets remembered between two feedback rounds; older unreported ones are skipped.</summary>
    public const int Capacity = 2048;

    private readonly TimeProvider _timeProvider;
    private readonly long[] _arrivalMicroseconds = new long[Capacity];
    private readonly long[] _ext = new long[Capacity];
    private readonly TwccArrival[] _scratch = new TwccArrival[Capacity];
    private SeqUnwrapper _unwrapper;
    private bool _started;
    private long _nextToReport; // extended seq of the first packet not yet in a feedback
    private long _highest;
    private byte _feedbackCount;
    private bool _hasReported;

    public TwccRecorder(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        Array.Fill(_ext, long.MinValue);
    }

    /// <summary>Arrivals older than the last feedback already sent (reported there as lost; they stay so).</summary>
    public long LateCount { get; private set; }

    /// <summary>True when packets arrived since the last feedback.</summary>
    public bool HasPending => _started && _highest >= _nextToReport;

    /// <summary>Records a packet arriving now (on the injected clock).</summary>
    public void OnPacket(ushort transportSequenceNumber) =>
        OnPacket(transportSequenceNumber, _timeProvider.GetTimestamp() * 1_000_000 / _timeProvider.TimestampFrequency);

    /// <summary>Records a packet with an explicit arrival time (e.g. the socket's receive timestamp).</summary>
    public void OnPacket(ushort transportSequenceNumber, long arrivalMicroseconds)
    {
        var ext = _unwrapper.Unwrap(transportSequenceNumber);
        if (!_started)
        {
            _started = true;
            _nextToReport = ext;
            _highest = ext;
        }
        else if (ext < _nextToReport)
        {
            if (_hasReported || _highest - ext >= Capacity)
            {
                LateCount++;
                return;
            }

            _nextToReport = ext; // reordered before the first packet, nothing reported yet: include it
        }

        var index = (int)(ext & (Capacity - 1));
        _ext[index] = ext;
        _arrivalMicroseconds[index] = arrivalMicroseconds;
        if (ext > _highest)
        {
            _highest = ext;
        }

        if (_highest - _nextToReport >= Capacity)
        {
            _nextToReport = _highest - Capacity + 1; // the ring overwrote them: they can only be reported lost
        }
    }

    /// <summary>
    /// Writes one transport-cc feedback for the packets received since the last one (as many as fit); false
    /// when nothing is pending. Call again while <see cref="HasPending"/> to flush a backlog.
    /// </summary>
    public bool TryBuildFeedback(Span<byte> destination, uint senderSsrc, uint mediaSsrc, out int written)
    {
        written = 0;
        if (!HasPending)
        {
            return false;
        }

        var count = 0;
        for (var ext = _nextToReport; ext <= _highest; ext++)
        {
            var index = (int)(ext & (Capacity - 1));
            if (_ext[index] == ext)
            {
                _scratch[count++] = new TwccArrival((ushort)ext, _arrivalMicroseconds[index]);
            }
        }

        if (!TransportFeedbackWriter.TryWrite(
                destination, senderSsrc, mediaSsrc, _feedbackCount, _scratch.AsSpan(0, count), out written, out var consumed))
        {
            return false;
        }

        _feedbackCount++;
        _hasReported = true;
        var lastReported = _scratch[consumed - 1].SequenceNumber;
        _nextToReport += (ushort)(lastReported - (ushort)_nextToReport) + 1;
        return true;
    }
}
