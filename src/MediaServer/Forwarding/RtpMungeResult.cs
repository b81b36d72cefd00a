namespace Messenger.MediaServer.Forwarding;

/// <summary>How <see cref="RtpMunger"/> saw an incoming packet relative to the highest one of the current source.</summary>
public enum RtpPacketClass : byte
{
    /// <summary>Exactly one after the highest: the common case.</summary>
    Contiguous,

    /// <summary>Newer than highest + 1: packets were lost upstream; the gap is kept so the subscriber can NACK it.</summary>
    Gap,

    /// <summary>Older than the highest but inside the reorder window and not seen before (late or retransmitted).</summary>
    OutOfOrder,

    /// <summary>Already seen (forwarded or dropped).</summary>
    Duplicate,

    /// <summary>No payload: only padding (bandwidth probing by the publisher). Never forwarded.</summary>
    PaddingOnly,

    /// <summary>The forwarder chose not to send it (e.g. a temporal layer above the target).</summary>
    Discarded,

    /// <summary>Older than the switch point or the reorder window: its output slot can no longer be computed.</summary>
    TooOld,
}

/// <summary>The munger's decision for one packet: drop it, or forward it with these output numbers.</summary>
public readonly record struct RtpMungeResult(bool Forward, RtpPacketClass Class, ushort SequenceNumber, uint Timestamp)
{
    internal static RtpMungeResult Drop(RtpPacketClass packetClass) => new(false, packetClass, 0, 0);
}
