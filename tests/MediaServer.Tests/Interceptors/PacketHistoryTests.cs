using Messenger.MediaServer.Interceptors;
using Messenger.MediaServer.Rtp;

namespace Messenger.MediaServer.Tests.Interceptors;

public sealed class PacketHistoryTests
{
    [Theory]
    [InlineData(8, 100, 5, 102, true)] // held
    [InlineData(8, 100, 5, 99, false)] // never stored
    [InlineData(8, 100, 5, 105, false)] // not yet stored
    [InlineData(8, 100, 9, 100, false)] // evicted by 108, which shares its slot
    [InlineData(8, 100, 9, 101, true)] // the oldest still held
    [InlineData(8, 65533, 6, 65535, true)] // across the wrap
    [InlineData(8, 65533, 6, 2, true)]
    [InlineData(1024, 0, 1100, 75, false)]
    [InlineData(1024, 0, 1100, 76, true)]
    public void Holds_the_last_capacity_packets(int capacity, int first, int count, int query, bool expected)
    {
        using var history = new PacketHistory(capacity, 64);
        for (var i = 0; i < count; i++)
        {
            Assert.True(history.Store(Packet((ushort)(first + i), payloadByte: (byte)i)));
        }

        var destination = new byte[64];
        Assert.Equal(expected, history.TryGet((ushort)query, destination, out var length));
        Assert.Equal(expected, history.Contains((ushort)query));
        if (expected)
        {
            Assert.Equal(Packet((ushort)query, (byte)((ushort)(query - first))), destination.AsSpan(0, length).ToArray());
        }
    }

    [Theory]
    [InlineData(13, 12, true)] // the newest
    [InlineData(13, 6, true)] // 7 packets of 64 B = 448 B fit in 460 B
    [InlineData(13, 5, false)] // its bytes were overwritten although its slot is still its own
    [InlineData(13, 0, false)]
    public void The_byte_budget_bounds_what_is_held(int count, int query, bool expected)
    {
        // 64-byte packets in a 460-byte ring: 7 fit before the writer wraps to the start (the 12-byte tail is skipped).
        using var history = new PacketHistory(64, 64, byteBudget: 460);
        for (var i = 0; i < count; i++)
        {
            Assert.True(history.Store(Packet((ushort)i, payloadByte: (byte)i, payloadLength: 52)));
        }

        var destination = new byte[64];
        Assert.Equal(expected, history.TryGet((ushort)query, destination, out var length));
        Assert.Equal(expected, history.Contains((ushort)query));
        if (expected)
        {
            Assert.Equal(Packet((ushort)query, (byte)query, payloadLength: 52), destination.AsSpan(0, length).ToArray());
        }
    }

    [Fact]
    public void Rejects_what_it_cannot_hold()
    {
        using var history = new PacketHistory(16, 40);
        Assert.False(history.Store(new byte[5])); // shorter than an RTP header
        Assert.False(history.Store(7, new byte[41])); // larger than a slot
        Assert.True(history.Store(7, new byte[40]));
        Assert.False(history.TryGet(7, new byte[39], out _)); // destination too small
        Assert.True(history.TryGet(7, new byte[40], out var length));
        Assert.Equal(40, length);
    }

    [Fact]
    public void Clear_and_dispose_forget_everything()
    {
        var history = new PacketHistory(16, 64);
        history.Store(Packet(3, 1));
        history.Clear();
        Assert.False(history.Contains(3));
        history.Store(Packet(4, 1));
        history.Dispose();
        Assert.False(history.TryGet(4, new byte[64], out _));
        Assert.False(history.Store(Packet(5, 1)));
        history.Dispose(); // twice is fine
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(65536)]
    public void Capacity_must_be_a_power_of_two(int capacity) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PacketHistory(capacity));

    internal static byte[] Packet(ushort sequenceNumber, byte payloadByte, int payloadLength = 20)
    {
        var buffer = new byte[64];
        var writer = new RtpWriter(buffer, 96, sequenceNumber, 1000u * sequenceNumber, 0xABCD);
        var payload = new byte[payloadLength];
        payload.AsSpan().Fill(payloadByte);
        writer.TryComplete(payload, out var length);
        return buffer.AsSpan(0, length).ToArray();
    }
}
