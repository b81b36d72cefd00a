using System.Buffers.Binary;
using Messenger.MediaServer.Interceptors;
using Messenger.MediaServer.Rtcp;
using Messenger.MediaServer.Rtp;
using Messenger.MediaServer.Tests.Ice;

namespace Messenger.MediaServer.Tests.Interceptors;

public sealed class NackResponderTests
{
    [Theory]
    [InlineData("10", "10")]
    [InlineData("10,11,12,26", "10,11,12,26")] // one pair with BLP
    [InlineData("10,40", "10,40")] // two pairs
    [InlineData("5,10", "10")] // 5 was never sent
    [InlineData("10,200", "10")] // 200 was never sent
    [InlineData("65535,0,1", "65535,0,1")] // BLP across the wrap
    public void Resends_what_the_history_holds(string lost, string expected)
    {
        using var history = new PacketHistory(64, 64);
        foreach (var seq in new ushort[] { 8, 9, 10, 11, 12, 26, 40, 65535, 0, 1 })
        {
            history.Store(PacketHistoryTests.Packet(seq, 1));
        }

        var responder = new NackResponder(history, new ManualTimeProvider());
        Assert.Equal(Parse(expected), Collect(responder, Parse(lost)));
    }

    [Fact]
    public void Throttles_repeats_within_the_rtt()
    {
        using var history = new PacketHistory(64, 64);
        history.Store(PacketHistoryTests.Packet(10, 1));
        history.Store(PacketHistoryTests.Packet(11, 1));
        var time = new ManualTimeProvider();
        var responder = new NackResponder(history, time);

        Assert.Equal([10], Collect(responder, [10]));
        Assert.Empty(Collect(responder, [10])); // the receiver repeats before our resend could arrive
        Assert.Equal([11], Collect(responder, [10, 11]));
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Empty(Collect(responder, [10]));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([10], Collect(responder, [10]));

        responder.SetRoundTripTime(TimeSpan.FromMilliseconds(30));
        time.Advance(TimeSpan.FromMilliseconds(30));
        Assert.Equal([10, 11], Collect(responder, [10, 11]));
    }

    [Fact]
    public void Plain_resend_is_the_stored_packet()
    {
        using var history = new PacketHistory(64, 64);
        var original = PacketHistoryTests.Packet(77, 9);
        history.Store(original);
        var responder = new NackResponder(history, new ManualTimeProvider());
        var destination = new byte[100];
        Assert.True(responder.TryBuildResend(77, destination, out var length));
        Assert.Equal(original, destination.AsSpan(0, length).ToArray());
        Assert.False(responder.TryBuildResend(78, destination, out _));
    }

    [Fact]
    public void Rtx_resend_follows_rfc4588()
    {
        // Original: marker, one extension, 10-byte payload, 4 bytes of padding.
        var buffer = new byte[64];
        var writer = new RtpWriter(buffer, 96, 4000, 123_456, 0x1111, marker: true);
        writer.TryAddExtension(3, [0x01, 0x02]);
        byte[] payload = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        Assert.True(writer.TryComplete(payload, 4, out var originalLength));

        using var history = new PacketHistory(64, 64);
        history.Store(buffer.AsSpan(0, originalLength));
        var responder = new NackResponder(history, new ManualTimeProvider());
        responder.EnableRtx(0x2222, 97, 65535);

        var destination = new byte[100];
        Assert.True(responder.TryBuildResend(4000, destination, out var length));
        Assert.Equal(RtpParseResult.Ok, RtpPacket.TryParse(destination.AsSpan(0, length), out var rtx));
        Assert.Equal(0x2222u, rtx.Ssrc);
        Assert.Equal(97, rtx.PayloadType);
        Assert.Equal(65535, rtx.SequenceNumber);
        Assert.Equal(123_456u, rtx.Timestamp);
        Assert.True(rtx.Marker);
        Assert.False(rtx.HasPadding);
        Assert.True(rtx.TryGetExtension(3, out var extension));
        Assert.Equal(new byte[] { 1, 2 }, extension.ToArray());
        Assert.Equal(4000, BinaryPrimitives.ReadUInt16BigEndian(rtx.Payload));
        Assert.Equal(payload, rtx.Payload.Slice(NackResponder.RtxOverhead).ToArray());

        // The RTX stream has its own sequence counter, wrapping.
        Assert.True(responder.TryBuildResend(4000, destination, out length));
        Assert.Equal(RtpParseResult.Ok, RtpPacket.TryParse(destination.AsSpan(0, length), out var second));
        Assert.Equal(0, second.SequenceNumber);

        Assert.False(responder.TryBuildResend(4000, new byte[length - 1], out _));
    }

    private static ushort[] Collect(NackResponder responder, ushort[] lost)
    {
        var rtcp = new byte[256];
        Assert.True(GenericNack.TryWrite(rtcp, 1, 2, lost, out var written));
        Assert.Equal(RtcpParseResult.Ok, GenericNack.TryParse(rtcp.AsSpan(0, written), out var nack));
        var resend = new ushort[nack.LostCount];
        var count = responder.CollectResends(nack, resend);
        return resend.AsSpan(0, count).ToArray();
    }

    private static ushort[] Parse(string list) => Array.ConvertAll(list.Split(','), ushort.Parse);
}
