using System.Net;
using System.Net.Sockets;
using Messenger.Native;

namespace Messenger.MediaServer.Tests.Native;

public sealed class DatagramBatchTests
{
    [Theory]
    [InlineData(3, 8)] // fewer than capacity: one sendmmsg
    [InlineData(8, 8)] // exactly full
    public void Every_queued_datagram_reaches_its_own_destination(int count, int capacity)
    {
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var receivers = Enumerable.Range(0, 2).Select(_ => Bound()).ToArray();
        using var batch = new DatagramBatch(capacity, 256);
        for (var i = 0; i < count; i++)
        {
            var target = new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)receivers[i % 2].LocalEndPoint!).Port).Serialize();
            Assert.True(batch.TryAdd(Payload(i), target.Buffer.Span[..target.Size]));
        }

        Assert.Equal(count == capacity, batch.IsFull);
        Assert.Equal(count, batch.Flush(sender.SafeHandle, out var failed));
        Assert.Equal(0, failed);
        Assert.Equal(0, batch.Count);

        // Loopback keeps per-destination order, so receiver r sees datagrams r, r + 2, r + 4, ... in turn.
        var buffer = new byte[512];
        for (var i = 0; i < count; i++)
        {
            var length = receivers[i % 2].Receive(buffer);
            Assert.Equal(Payload(i), buffer[..length]);
        }

        foreach (var receiver in receivers)
        {
            receiver.Dispose();
        }
    }

    [Fact]
    public void Refuses_what_does_not_fit()
    {
        using var batch = new DatagramBatch(1, 16);
        var address = new IPEndPoint(IPAddress.Loopback, 9).Serialize();
        Assert.False(batch.TryAdd(new byte[17], address.Buffer.Span[..address.Size])); // larger than a slot
        Assert.False(batch.TryAdd(new byte[4], new byte[33])); // no sockaddr is that long
        Assert.True(batch.TryAdd(new byte[16], address.Buffer.Span[..address.Size]));
        Assert.False(batch.TryAdd(new byte[1], address.Buffer.Span[..address.Size])); // full
    }

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 5000 };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static byte[] Payload(int index) => Enumerable.Repeat((byte)(index + 1), 20 + index).ToArray();
}
