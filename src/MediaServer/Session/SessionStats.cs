namespace Messenger.MediaServer.Session;

/// <summary>
/// Per-session counters, written lock-free from the receive loop and the RTCP timer and read by the stats endpoint.
/// </summary>
public sealed class SessionStats
{
    private long _packetsIn;
    private long _bytesIn;
    private long _packetsOut;
    private long _bytesOut;
    private long _rtcpIn;
    private long _rtcpOut;
    private long _nacksReceived;
    private long _plisReceived;
    private long _firsReceived;
    private long _plisSent;
    private long _packetsLostReported;
    private int _fractionLostReported;
    private long _roundTripMicroseconds = -1;

    public long PacketsIn => Interlocked.Read(ref _packetsIn);
    public long BytesIn => Interlocked.Read(ref _bytesIn);
    public long PacketsOut => Interlocked.Read(ref _packetsOut);
    public long BytesOut => Interlocked.Read(ref _bytesOut);
    public long RtcpIn => Interlocked.Read(ref _rtcpIn);
    public long RtcpOut => Interlocked.Read(ref _rtcpOut);
    public long NacksReceived => Interlocked.Read(ref _nacksReceived);
    public long PlisReceived => Interlocked.Read(ref _plisReceived);
    public long FirsReceived => Interlocked.Read(ref _firsReceived);
    public long PlisSent => Interlocked.Read(ref _plisSent);

    /// <summary>Cumulative loss the peer reported in its latest receiver report (RFC 3550 §6.4.1).</summary>
    public long PacketsLostReported => Interlocked.Read(ref _packetsLostReported);

    /// <summary>Fraction lost from the latest report, 0..1.</summary>
    public double FractionLostReported => Volatile.Read(ref _fractionLostReported) / 256.0;

    /// <summary>Round-trip time from the latest RR's LSR/DLSR, or null before the first one.</summary>
    public double? RoundTripMilliseconds =>
        Interlocked.Read(ref _roundTripMicroseconds) is var us && us >= 0 ? us / 1000.0 : null;

    public void CountIn(int bytes)
    {
        Interlocked.Increment(ref _packetsIn);
        Interlocked.Add(ref _bytesIn, bytes);
    }

    public void CountOut(int bytes)
    {
        Interlocked.Increment(ref _packetsOut);
        Interlocked.Add(ref _bytesOut, bytes);
    }

    public void CountRtcpIn() => Interlocked.Increment(ref _rtcpIn);

    public void CountRtcpOut() => Interlocked.Increment(ref _rtcpOut);

    public void CountNack() => Interlocked.Increment(ref _nacksReceived);

    public void CountPli() => Interlocked.Increment(ref _plisReceived);

    public void CountFir() => Interlocked.Increment(ref _firsReceived);

    public void CountPliSent() => Interlocked.Increment(ref _plisSent);

    public void RecordReceiverReport(byte fractionLost, int cumulativeLost, TimeSpan? roundTrip)
    {
        Volatile.Write(ref _fractionLostReported, fractionLost);
        Interlocked.Exchange(ref _packetsLostReported, cumulativeLost);
        if (roundTrip is { } rtt)
        {
            Interlocked.Exchange(ref _roundTripMicroseconds, (long)rtt.TotalMicroseconds);
        }
    }
}
