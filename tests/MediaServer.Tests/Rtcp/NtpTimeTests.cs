using Messenger.MediaServer.Rtcp;

namespace Messenger.MediaServer.Tests.Rtcp;

public sealed class NtpTimeTests
{
    [Fact]
    public void Unix_epoch_is_2208988800_seconds_after_ntp_epoch()
    {
        var ntp = NtpTime.FromDateTimeOffset(DateTimeOffset.UnixEpoch);
        Assert.Equal((ulong)NtpTime.UnixEpochOffsetSeconds << 32, ntp);
        Assert.Equal(DateTimeOffset.UnixEpoch, NtpTime.ToDateTimeOffset(ntp));
    }

    [Fact]
    public void Half_second_is_half_the_fraction()
    {
        var ntp = NtpTime.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddMilliseconds(500));
        Assert.Equal(0x8000_0000UL, ntp & 0xFFFF_FFFF);
    }

    [Theory]
    [InlineData(0x1234_5678_9abc_def0UL, 0x5678_9abcu)]
    [InlineData(0xdc23_27b2_ac34_8f54UL, 0x27b2_ac34u)] // the captured rlib SR
    public void Compact_is_the_middle_32_bits(ulong ntp, uint compact) =>
        Assert.Equal(compact, NtpTime.ToCompact(ntp));

    [Theory]
    [InlineData(0x0001_0000u, 1000.0)]
    [InlineData(0x0000_8000u, 500.0)]
    [InlineData(0x0000_0000u, 0.0)]
    public void Compact_converts_to_time(uint compact, double milliseconds)
    {
        Assert.Equal(milliseconds, NtpTime.CompactToTimeSpan(compact).TotalMilliseconds, 3);
        Assert.Equal(compact, NtpTime.CompactFromTimeSpan(TimeSpan.FromMilliseconds(milliseconds)));
    }

    // RFC 3550 §6.4.1 worked example: A = 0xb710:8000 (46864.500 s), LSR = 0xb705:2000 (46853.125 s),
    // DLSR = 0x0005:4000 (5.250 s) → RTT = 0x0006:2000 (6.125 s).
    [Theory]
    [InlineData(0xb710_8000u, 0xb705_2000u, 0x0005_4000u, true, 0x0006_2000u)]
    [InlineData(0x0000_1000u, 0xffff_f000u, 0x0000_0800u, true, 0x0000_1800u)] // across the 2^32 wrap
    [InlineData(0x0001_0000u, 0x0000_ff00u, 0x0000_0200u, true, 0u)] // DLSR larger than elapsed: clamped
    [InlineData(0x0001_0000u, 0u, 0u, false, 0u)] // LSR 0: no SR received yet
    [InlineData(0x0001_0000u, 0x0002_0000u, 0u, false, 0u)] // report older than the SR it echoes
    public void Round_trip_time_per_rfc3550(uint arrival, uint lsr, uint dlsr, bool ok, uint expected)
    {
        Assert.Equal(ok, NtpTime.TryComputeRoundTrip(arrival, lsr, dlsr, out var rtt));
        Assert.Equal(expected, rtt);
    }

    [Fact]
    public void Now_reads_the_injected_clock()
    {
        var clock = new FixedClock(DateTimeOffset.UnixEpoch.AddSeconds(1));
        Assert.Equal(((ulong)NtpTime.UnixEpochOffsetSeconds + 1) << 32, NtpTime.Now(clock));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
