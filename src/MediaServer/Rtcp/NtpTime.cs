namespace Messenger.MediaServer.Rtcp;

/// <summary>
/// 64-bit NTP timestamps (RFC 3550 §4: seconds since 1900-01-01 UTC in the high word, binary fraction in the
/// low word) and the "compact" middle 32 bits used by LSR/DLSR (RFC 3550 §6.4.1), in units of 1/65536 s.
/// </summary>
public static class NtpTime
{
    /// <summary>Seconds from the NTP epoch (1900) to the Unix epoch (1970).</summary>
    public const long UnixEpochOffsetSeconds = 2_208_988_800L;

    private static readonly long NtpEpochTicks = new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    /// <summary>Now, from an injected clock (tests pass a fake TimeProvider).</summary>
    public static ulong Now(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return FromDateTimeOffset(timeProvider.GetUtcNow());
    }

    public static ulong FromDateTimeOffset(DateTimeOffset time)
    {
        var ticks = (ulong)(time.UtcTicks - NtpEpochTicks);
        var seconds = ticks / TimeSpan.TicksPerSecond;
        var remainder = ticks % TimeSpan.TicksPerSecond;
        var fraction = (remainder << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    public static DateTimeOffset ToDateTimeOffset(ulong ntpTimestamp)
    {
        var seconds = ntpTimestamp >> 32;
        var fractionTicks = ((ntpTimestamp & 0xFFFF_FFFF) * TimeSpan.TicksPerSecond) >> 32;
        return new DateTimeOffset(NtpEpochTicks + (long)((seconds * TimeSpan.TicksPerSecond) + fractionTicks), TimeSpan.Zero);
    }

    /// <summary>Middle 32 bits: 16 bits of seconds, 16 bits of fraction. This is what LSR carries.</summary>
    public static uint ToCompact(ulong ntpTimestamp) => (uint)(ntpTimestamp >> 16);

    public static TimeSpan CompactToTimeSpan(uint compact) =>
        TimeSpan.FromTicks((long)(((ulong)compact * TimeSpan.TicksPerSecond) >> 16));

    /// <summary>A duration in compact units, e.g. DLSR; saturates at the 32-bit range (~18 h).</summary>
    public static uint CompactFromTimeSpan(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return 0;
        }

        var units = ((ulong)duration.Ticks << 16) / TimeSpan.TicksPerSecond;
        return units > uint.MaxValue ? uint.MaxValue : (uint)units;
    }

    /// <summary>
    /// Round-trip time from a report block (RFC 3550 §6.4.1): RTT = A − LSR − DLSR, with A the compact NTP time
    /// at which the report arrived. False when LSR is 0 (the peer has not received an SR yet). A negative result,
    /// which clock granularity can produce on a LAN, is clamped to 0.
    /// </summary>
    public static bool TryComputeRoundTrip(uint arrivalCompact, uint lastSenderReport, uint delaySinceLastSenderReport, out uint roundTripCompact)
    {
        roundTripCompact = 0;
        if (lastSenderReport == 0)
        {
            return false;
        }

        // All three are modulo 2^32 (the compact form wraps every 18.2 hours); the subtraction is too.
        var elapsed = arrivalCompact - lastSenderReport;
        if (elapsed >= 0x8000_0000u)
        {
            return false; // report "arrived" before the SR it echoes: not ours, or a stale echo
        }

        roundTripCompact = delaySinceLastSenderReport >= elapsed ? 0 : elapsed - delaySinceLastSenderReport;
        return true;
    }
}
