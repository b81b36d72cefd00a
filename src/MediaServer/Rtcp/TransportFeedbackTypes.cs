namespace Messenger.MediaServer.Rtcp;

/// <summary>Packet status symbols (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.1).</summary>
public enum TwccStatus
{
    NotReceived = 0,

    /// <summary>Received; the receive delta is one unsigned byte (0-63.75 ms).</summary>
    ReceivedSmallDelta = 1,

    /// <summary>Received; the receive delta is a signed 16-bit value (reordering or a long gap).</summary>
    ReceivedLargeDelta = 2,
}

/// <summary>A packet that arrived: its transport-wide sequence number and arrival time on the receiver clock.</summary>
public readonly record struct TwccArrival(ushort SequenceNumber, long ArrivalMicroseconds);

/// <summary>One entry yielded by the transport-cc reader.</summary>
public readonly record struct TwccPacketResult(
    ushort SequenceNumber, TwccStatus Status, int DeltaTicks, long ArrivalMicroseconds)
{
    /// <summary>Receive deltas and the reference time are in 250 µs ticks (§3.1.5).</summary>
    public const int MicrosecondsPerTick = 250;

    public bool Received => Status != TwccStatus.NotReceived;
}
