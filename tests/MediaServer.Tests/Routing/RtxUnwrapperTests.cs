using Messenger.MediaServer.Routing;
using Messenger.MediaServer.Rtp;

namespace Messenger.MediaServer.Tests.Routing;

public sealed class RtxUnwrapperTests
{
    private static byte[] Rtx(ushort rtxSequence, ushort originalSequence, byte[] payload, int padding = 0)
    {
        var body = new byte[2 + payload.Length];
        body[0] = (byte)(originalSequence >> 8);
        body[1] = (byte)originalSequence;
        payload.CopyTo(body, 2);
        var buffer = new byte[64 + body.Length + padding];
        var writer = new RtpWriter(buffer, 97, rtxSequence, 90_000, 0xBBBB);
        Assert.True(writer.TryComplete(body, (byte)padding, out var length));
        return buffer[..length];
    }

    [Theory]
    [InlineData((ushort)7, (ushort)1000, 0)]
    [InlineData((ushort)65535, (ushort)0, 0)] // original sequence at the wrap
    [InlineData((ushort)1, (ushort)65535, 4)] // with RTP padding after the payload
    public void Restores_the_original_packet(ushort rtxSequence, ushort originalSequence, int padding)
    {
        var payload = new byte[] { 0x10, 0x20, 0x30, 0x40, 0x50 };
        var datagram = Rtx(rtxSequence, originalSequence, payload, padding);
        Assert.Equal(RtpParseResult.Ok, RtpPacket.TryParse(datagram, out var rtx));

        Assert.True(RtxUnwrapper.TryUnwrap(rtx, mediaSsrc: 0xAAAA, mediaPayloadType: 96, out var original));
        Assert.Equal(originalSequence, original.SequenceNumber);
        Assert.Equal(0xAAAAu, original.Ssrc);
        Assert.Equal(96, original.PayloadType);
        Assert.Equal(payload, original.Payload.ToArray());
        Assert.Equal(padding, original.PaddingLength);
    }

    [Fact]
    public void Padding_only_rtx_and_unknown_layers_are_not_unwrapped()
    {
        var probe = Rtx(3, 9, []);
        Assert.Equal(RtpParseResult.Ok, RtpPacket.TryParse(probe, out var rtx));
        Assert.False(RtxUnwrapper.TryUnwrap(rtx, 0xAAAA, 96, out _));

        var real = Rtx(4, 10, [1, 2, 3]);
        Assert.Equal(RtpParseResult.Ok, RtpPacket.TryParse(real, out rtx));
        Assert.False(RtxUnwrapper.TryUnwrap(rtx, mediaSsrc: 0, 96, out _));
    }
}
