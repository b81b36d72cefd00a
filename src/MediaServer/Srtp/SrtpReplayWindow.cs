namespace Messenger.MediaServer.Srtp;

/// <summary>
/// Sliding replay window over packet indices (RFC 3711 §3.3.2): the highest index accepted so far and a bitmask of
/// which of the <see cref="Size"/> indices at or below it were seen. 128 packets (libsrtp's default) rather than the
/// RFC's minimum of 64, because a video burst reorders more than 64 packets at high bitrates.
/// </summary>
internal struct SrtpReplayWindow
{
    public const int Size = 128;

    private ulong _highest;
    private UInt128 _seen; // bit n set = index (_highest - n) was accepted
    private bool _started;

    public readonly bool IsEmpty => !_started;

    public readonly ulong Highest => _highest;

    /// <summary>Whether <paramref name="index"/> may be accepted. Does not change the window.</summary>
    public readonly SrtpResult Check(ulong index)
    {
        if (!_started || index > _highest)
        {
            return SrtpResult.Ok;
        }

        ulong behind = _highest - index;
        if (behind >= Size)
        {
            return SrtpResult.ReplayTooOld;
        }

        return ((_seen >> (int)behind) & UInt128.One) != UInt128.Zero ? SrtpResult.ReplayedPacket : SrtpResult.Ok;
    }

    /// <summary>Records an authenticated index. Call only after <see cref="Check"/> returned Ok and the tag verified.</summary>
    public void Accept(ulong index)
    {
        if (!_started)
        {
            _started = true;
            _highest = index;
            _seen = UInt128.One;
            return;
        }

        if (index > _highest)
        {
            ulong ahead = index - _highest;
            _seen = ahead >= Size ? UInt128.One : (_seen << (int)ahead) | UInt128.One;
            _highest = index;
            return;
        }

        ulong behind = _highest - index;
        if (behind < Size)
        {
            _seen |= UInt128.One << (int)behind;
        }
    }
}
