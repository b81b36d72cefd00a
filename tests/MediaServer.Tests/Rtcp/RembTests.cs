using Messenger.MediaServer.Rtcp;

namespace Messenger.MediaServer.Tests.Rtcp;

public sealed class RembTests
{
    [Theory]
    [InlineData(0UL, 0, 0u)]
    [InlineData(1UL, 0, 1u)]
    [InlineData(262_143UL, 0, 262_143u)] // largest mantissa, exponent 0
    [InlineData(262_144UL, 1, 131_072u)]
    [InlineData(2_283_888UL, 4, 142_743u)] // the captured KVS packet
    [InlineData(2_581_120UL, 4, 161_320u)]
    [InlineData(1_000_000_000UL, 12, 244_140u)]
    public void Encodes_mantissa_and_exponent(ulong bitrate, int exponent, uint mantissa)
    {
        ReceiverEstimatedMaxBitrate.Encode(bitrate, out var e, out var m);
        Assert.Equal(exponent, e);
        Assert.Equal(mantissa, m);
        Assert.True(m < 1 << 18);
        var decoded = ReceiverEstimatedMaxBitrate.Decode(e, m);
        Assert.True(decoded <= bitrate);
        Assert.True(bitrate - decoded < 1UL << e); // rounding down loses less than one step
    }

    [Theory]
    [InlineData(30_000UL)]
    [InlineData(300_000UL)]
    [InlineData(1_500_000UL)]
    [InlineData(2_283_888UL)]
    [InlineData(8_000_000UL)]
    [InlineData(100_000_000UL)]
    public void Round_trips_bitrates(ulong bitrate)
    {
        var buffer = new byte[64];
        Assert.True(ReceiverEstimatedMaxBitrate.TryWrite(buffer, 0xabc, bitrate, [1, 2, 3], out var written));
        Assert.Equal(RtcpParseResult.Ok, ReceiverEstimatedMaxBitrate.TryParse(buffer.AsSpan(0, written), out var remb));
        ReceiverEstimatedMaxBitrate.Encode(bitrate, out var e, out var m);
        Assert.Equal(ReceiverEstimatedMaxBitrate.Decode(e, m), remb.Bitrate);
        Assert.Equal(0xabcu, remb.SenderSsrc);
        Assert.Equal(3, remb.SsrcCount);
        Assert.Equal(3u, remb.GetSsrc(2));
    }

    [Theory]
    [InlineData(46, 0x3ffffu, 0x3ffffUL << 46)]
    [InlineData(63, 1u, 1UL << 63)]
    [InlineData(63, 2u, ulong.MaxValue)] // would overflow: saturates
    [InlineData(50, 0x3ffffu, ulong.MaxValue)]
    public void Decode_saturates_instead_of_overflowing(int exponent, uint mantissa, ulong expected) =>
        Assert.Equal(expected, ReceiverEstimatedMaxBitrate.Decode((byte)exponent, mantissa));

    [Theory]
    [InlineData("8fce0004" + "00000001" + "00000000" + "52454d43" + "00000000")] // tag "REMC"
    [InlineData("8fce0003" + "00000001" + "00000000" + "52454d42")] // no count/bitrate word
    [InlineData("8fce0004" + "00000001" + "00000000" + "52454d42" + "01000001")] // claims 1 SSRC, has none
    public void Rejects_malformed(string hex) =>
        Assert.NotEqual(RtcpParseResult.Ok, ReceiverEstimatedMaxBitrate.TryParse(Convert.FromHexString(hex), out _));
}
