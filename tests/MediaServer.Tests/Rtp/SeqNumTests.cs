using Messenger.MediaServer.Rtp;

namespace Messenger.MediaServer.Tests.Rtp;

public sealed class SeqNumTests
{
    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(0, 1, false)]
    [InlineData(5, 5, false)]
    [InlineData(0, 65535, true)] // wrap: 0 follows 65535
    [InlineData(65535, 0, false)]
    [InlineData(10, 65530, true)] // 16 ahead across the wrap
    [InlineData(65530, 10, false)]
    [InlineData(32767, 0, true)] // just under half range ahead
    [InlineData(0, 32767, false)]
    [InlineData(32769, 0, false)] // just over half range: behind
    [InlineData(0, 32769, true)]
    [InlineData(32768, 0, true)] // exactly half: tie broken on raw value
    [InlineData(0, 32768, false)]
    [InlineData(40000, 7232, true)] // exactly half, other position
    [InlineData(7232, 40000, false)]
    public void IsNewer_follows_half_range_rule(int a, int b, bool expected)
    {
        Assert.Equal(expected, SeqNum.IsNewer((ushort)a, (ushort)b));
        if (a != b)
        {
            // Antisymmetric: exactly one of two distinct numbers is newer.
            Assert.NotEqual(SeqNum.IsNewer((ushort)a, (ushort)b), SeqNum.IsNewer((ushort)b, (ushort)a));
        }
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 0, -1)]
    [InlineData(65535, 0, 1)]
    [InlineData(0, 65535, -1)]
    [InlineData(65530, 10, 16)]
    [InlineData(10, 65530, -16)]
    [InlineData(100, 100, 0)]
    [InlineData(0, 32767, 32767)]
    [InlineData(0, 32769, -32767)]
    [InlineData(0, 32768, 32768)] // half range: "to" has the larger raw value, so it is newer
    [InlineData(32768, 0, -32768)]
    public void Distance_is_signed_and_wraps(int from, int to, int expected)
    {
        var distance = SeqNum.Distance((ushort)from, (ushort)to);
        Assert.Equal(expected, distance);
        Assert.Equal(distance > 0, SeqNum.IsNewer((ushort)to, (ushort)from));
        Assert.Equal((ushort)to, (ushort)(from + distance));
    }

    [Theory]
    [InlineData(65535, 0, 0)]
    [InlineData(0, 65535, 0)]
    [InlineData(3, 3, 3)]
    [InlineData(100, 200, 200)]
    public void Latest_picks_the_newer(int a, int b, int expected) =>
        Assert.Equal((ushort)expected, SeqNum.Latest((ushort)a, (ushort)b));

    [Theory]
    [InlineData(1u, 0u, true)]
    [InlineData(0u, 0xFFFF_FFFFu, true)]
    [InlineData(0xFFFF_FFFFu, 0u, false)]
    [InlineData(0x8000_0000u, 0u, true)]
    [InlineData(0u, 0x8000_0000u, false)]
    [InlineData(7u, 7u, false)]
    public void Timestamp_comparison_wraps(uint a, uint b, bool expected) =>
        Assert.Equal(expected, SeqNum.IsTimestampNewer(a, b));

    public static TheoryData<ushort[], long[]> UnwrapCases => new()
    {
        { new ushort[] { 65534, 65535, 0, 1 }, new long[] { 65534, 65535, 65536, 65537 } },
        { new ushort[] { 10, 12, 11, 13 }, new long[] { 10, 12, 11, 13 } },
        { new ushort[] { 65535, 1, 0, 2 }, new long[] { 65535, 65537, 65536, 65538 } },
        { new ushort[] { 0, 65535 }, new long[] { 0, -1 } },
        { new ushort[] { 0, 30000, 60000, 24464 }, new long[] { 0, 30000, 60000, 90000 } },
    };

    [Theory]
    [MemberData(nameof(UnwrapCases))]
    public void Unwrapper_extends_across_wraps(ushort[] input, long[] expected)
    {
        var unwrapper = default(SeqUnwrapper);
        for (var i = 0; i < input.Length; i++)
        {
            Assert.Equal(expected[i], unwrapper.Unwrap(input[i]));
        }
    }
}
