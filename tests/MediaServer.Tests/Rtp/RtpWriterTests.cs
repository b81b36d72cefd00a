using Messenger.MediaServer.Rtp;

namespace Messenger.MediaServer.Tests.Rtp;

public sealed class RtpWriterTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)] // 2 + 1 bytes of extension: padded to a word
    [InlineData(2, 0)]
    [InlineData(3, 7)]
    public void Writes_parseable_packets(int extensionCount, int padding)
    {
        var buffer = new byte[200];
        var writer = new RtpWriter(buffer, 111, 65535, 0xdeadbeef, 0x11223344, marker: true);
        var map = new RtpExtensionMap();
        Assert.True(map.TryRegister(1, RtpExtensionUris.Mid));
        Assert.True(map.TryRegister(2, RtpExtensionUris.TransportWideCc));
        Assert.True(map.TryRegister(3, RtpExtensionUris.AbsSendTime));
        if (extensionCount > 0)
        {
            Assert.True(writer.TryAddExtension(1, "a1"u8));
        }

        if (extensionCount > 1)
        {
            Assert.True(writer.TryAddExtension(2, [0x12, 0x34]));
        }

        if (extensionCount > 2)
        {
            Assert.True(writer.TryAddExtension(3, [0, 0, 1]));
        }

        byte[] payload = [1, 2, 3, 4, 5];
        Assert.True(writer.TryComplete(payload, (byte)padding, out var length));
        Assert.Equal(0, (length - payload.Length - padding) % 4);

        Assert.Equal(RtpParseResult.Ok, RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.Equal(111, packet.PayloadType);
        Assert.True(packet.Marker);
        Assert.Equal(65535, packet.SequenceNumber);
        Assert.Equal(0xdeadbeefu, packet.Timestamp);
        Assert.Equal(0x11223344u, packet.Ssrc);
        Assert.Equal(extensionCount > 0, packet.HasExtension);
        Assert.Equal(padding, packet.PaddingLength);
        Assert.Equal(payload, packet.Payload.ToArray());
        Assert.Equal(extensionCount > 0, packet.TryGetMid(map, out var mid) && mid.SequenceEqual("a1"u8));
        Assert.Equal(extensionCount > 1, packet.TryGetTransportSequence(map, out var seq) && seq == 0x1234);
        Assert.Equal(extensionCount > 2, packet.TryGetAbsSendTime(map, out var ast) && ast == 1);
    }

    [Theory]
    [InlineData(0, 1)] // id 0 is padding
    [InlineData(15, 1)] // id 15 reserved
    [InlineData(1, 0)] // one-byte form cannot carry an empty value
    [InlineData(1, 17)] // nor more than 16 bytes
    public void Rejects_extensions_the_one_byte_form_cannot_carry(int id, int length)
    {
        var buffer = new byte[100];
        var writer = new RtpWriter(buffer, 96, 1, 1, 1);
        Assert.False(writer.TryAddExtension((byte)id, new byte[length]));
        Assert.True(writer.IsValid);
    }

    [Fact]
    public void Overflow_fails_instead_of_throwing()
    {
        var tiny = new byte[11];
        var writer = new RtpWriter(tiny, 96, 1, 1, 1);
        Assert.False(writer.IsValid);
        Assert.False(writer.TryComplete([], out _));

        var small = new byte[16];
        var writer2 = new RtpWriter(small, 96, 1, 1, 1);
        Assert.False(writer2.TryAddExtension(1, new byte[4])); // needs 4 + 5 bytes after the header
        Assert.False(writer2.TryComplete([], out _));

        var exact = new byte[14];
        var writer3 = new RtpWriter(exact, 96, 1, 1, 1);
        Assert.False(writer3.TryComplete([1, 2, 3], out _));
        var writer4 = new RtpWriter(exact, 96, 1, 1, 1);
        Assert.True(writer4.TryComplete([1, 2], out var length));
        Assert.Equal(14, length);
        Assert.False(writer4.TryAddExtension(1, [1])); // completed
    }
}
