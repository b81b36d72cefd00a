using Messenger.MediaServer.Routing;

namespace Messenger.MediaServer.Tests.Routing;

public sealed class Vp8KeyframeHeaderTests
{
    // VP8 payload descriptor (S=1, PID 0, no extensions) then a keyframe header: frame tag with the P bit clear,
    // start code 9d 01 2a, width and height as 14-bit little-endian values (RFC 6386 §9.1).
    [Theory]
    [InlineData("10" + "500200" + "9d012a" + "c003" + "1c02", 960)]
    [InlineData("10" + "500200" + "9d012a" + "f000" + "8700", 240)]
    [InlineData("10" + "500200" + "9d012a" + "80c2" + "e001", 640)] // top two bits are the scaling field
    public void Reads_the_width_of_a_keyframe(string hex, int width)
    {
        Assert.True(Vp8KeyframeHeader.TryReadWidth(Convert.FromHexString(hex), out var read));
        Assert.Equal(width, read);
    }

    [Theory]
    [InlineData("10" + "510200" + "9d012a" + "c003" + "1c02")] // P bit set: an interframe
    [InlineData("00" + "500200" + "9d012a" + "c003" + "1c02")] // not the start of the partition
    [InlineData("10" + "500200" + "9d0100" + "c003" + "1c02")] // broken start code
    [InlineData("10" + "500200" + "9d01")] // truncated
    [InlineData("")]
    public void Refuses_anything_but_the_first_packet_of_a_keyframe(string hex) =>
        Assert.False(Vp8KeyframeHeader.TryReadWidth(Convert.FromHexString(hex), out _));
}
