using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Tests.Transport;

public sealed class PacketClassifierTests
{
    [Theory]
    [InlineData(0, PacketKind.Stun)]
    [InlineData(3, PacketKind.Stun)]
    [InlineData(4, PacketKind.Unknown)]
    [InlineData(16, PacketKind.Unknown)] // ZRTP
    [InlineData(19, PacketKind.Unknown)]
    [InlineData(20, PacketKind.Dtls)]
    [InlineData(22, PacketKind.Dtls)] // handshake
    [InlineData(23, PacketKind.Dtls)] // application data
    [InlineData(63, PacketKind.Dtls)]
    [InlineData(64, PacketKind.Unknown)] // TURN channel
    [InlineData(127, PacketKind.Unknown)]
    [InlineData(128, PacketKind.RtpOrRtcp)]
    [InlineData(144, PacketKind.RtpOrRtcp)]
    [InlineData(191, PacketKind.RtpOrRtcp)]
    [InlineData(192, PacketKind.Unknown)]
    [InlineData(255, PacketKind.Unknown)]
    public void FirstByte_SelectsProtocol(int firstByte, PacketKind expected)
    {
        Assert.Equal(expected, PacketClassifier.Classify([(byte)firstByte, 0, 0, 0]));
    }

    [Fact]
    public void EmptyDatagram_IsUnknown()
    {
        Assert.Equal(PacketKind.Unknown, PacketClassifier.Classify([]));
    }
}
