namespace Messenger.MediaServer.Transport;

public enum EgressAction : byte
{
    Send = 0,
    Drop,
    Delay,
}

/// <summary>The fate of one outgoing datagram.</summary>
public readonly record struct EgressVerdict(EgressAction Action, TimeSpan Delay)
{
    public static EgressVerdict Send => new(EgressAction.Send, TimeSpan.Zero);

    public static EgressVerdict Drop => new(EgressAction.Drop, TimeSpan.Zero);

    public static EgressVerdict DelayBy(TimeSpan delay) => new(EgressAction.Delay, delay);
}

/// <summary>
/// A hook on the send path so tests can emulate a bad network (loss, delay, a rate cap) without touching
/// the kernel. Production runs without one.
/// </summary>
public interface IEgressImpairment
{
    EgressVerdict Evaluate(int datagramLength);
}
