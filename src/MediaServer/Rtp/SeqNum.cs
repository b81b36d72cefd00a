namespace Messenger.MediaServer.Rtp;

/// <summary>
/// 16-bit RTP sequence number arithmetic (RFC 3550 §A.1, serial number arithmetic as in RFC 1982).
/// Every comparison is modulo 2^16: a packet is "newer" when it lies less than half the number space ahead.
/// </summary>
public static class SeqNum
{
    private const int HalfRange = 0x8000;

    /// <summary>True when <paramref name="a"/> comes after <paramref name="b"/> in wrapping order.</summary>
    /// <remarks>
    /// Exactly half the range apart is ambiguous; like libwebrtc we break the tie on the raw value so that
    /// IsNewer(a, b) and IsNewer(b, a) are never both true.
    /// </remarks>
    public static bool IsNewer(ushort a, ushort b)
    {
        var forward = (ushort)(a - b);
        if (forward == HalfRange)
        {
            return a > b;
        }

        return forward != 0 && forward < HalfRange;
    }

    /// <summary>True when <paramref name="a"/> equals or comes after <paramref name="b"/>.</summary>
    public static bool IsNewerOrEqual(ushort a, ushort b) => a == b || IsNewer(a, b);

    /// <summary>
    /// Signed forward distance from <paramref name="from"/> to <paramref name="to"/>, in [-32768, 32768].
    /// Positive when <paramref name="to"/> is newer. Consistent with <see cref="IsNewer"/> at the half-range tie.
    /// </summary>
    public static int Distance(ushort from, ushort to)
    {
        var forward = (ushort)(to - from);
        if (forward == HalfRange)
        {
            return to > from ? HalfRange : -HalfRange;
        }

        return forward < HalfRange ? forward : forward - 0x10000;
    }

    /// <summary>The newer of two sequence numbers in wrapping order.</summary>
    public static ushort Latest(ushort a, ushort b) => IsNewer(a, b) ? a : b;

    /// <summary>32-bit RTP timestamp comparison, same half-range rule (RFC 3550 §5.1 timestamps wrap too).</summary>
    public static bool IsTimestampNewer(uint a, uint b)
    {
        var forward = a - b;
        if (forward == 0x8000_0000u)
        {
            return a > b;
        }

        return forward != 0 && forward < 0x8000_0000u;
    }
}
