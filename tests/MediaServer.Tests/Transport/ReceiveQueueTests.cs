using System.Net;
using System.Net.Sockets;
using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Tests.Transport;

/// <summary>The ring between the receive thread and the fan-out thread (issue #8).</summary>
public sealed class ReceiveQueueTests
{
    [Theory]
    [InlineData(4, 3)]   // never fills
    [InlineData(4, 4)]   // exactly full
    [InlineData(4, 11)]  // wraps around the ring several times
    public void Datagrams_come_out_in_order_with_their_address_across_wraparound(int slots, int count)
    {
        using var queue = new ReceiveQueue(slots, 64);
        var from = new SocketAddress(AddressFamily.InterNetwork);
        var read = new SocketAddress(AddressFamily.InterNetwork);
        var received = new List<(byte First, int Length, int Port)>();
        for (var i = 0; i < count; i++)
        {
            Assert.True(queue.TryGetWriteSlot(out var slot));
            slot.AsSpan()[0] = (byte)i;
            new IPEndPoint(IPAddress.Loopback, 5000 + i).Serialize().Buffer.CopyTo(from.Buffer);
            queue.Publish(1 + i, from);
            if (i % slots == slots - 1 || i == count - 1)
            {
                while (queue.TryPeek(out var datagram, read))
                {
                    received.Add((datagram[0], datagram.Length, ((IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(read)).Port));
                    queue.Release();
                }
            }
        }

        Assert.Equal(Enumerable.Range(0, count).Select(i => ((byte)i, 1 + i, 5000 + i)), received);
    }

    [Fact]
    public void A_full_ring_refuses_a_slot_until_the_consumer_frees_one()
    {
        using var queue = new ReceiveQueue(2, 16);
        var from = new SocketAddress(AddressFamily.InterNetwork);
        for (var i = 0; i < 2; i++)
        {
            Assert.True(queue.TryGetWriteSlot(out _));
            queue.Publish(1, from);
        }

        Assert.False(queue.TryGetWriteSlot(out _));
        Assert.True(queue.TryPeek(out _, from));
        queue.Release();
        Assert.True(queue.TryGetWriteSlot(out _));
    }

    [Fact]
    public async Task A_producer_thread_and_a_waiting_consumer_thread_pass_every_datagram_in_order()
    {
        const int Count = 20_000;
        using var queue = new ReceiveQueue(64, 8);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // a bound, not a timing assertion
        var consumer = Task.Run(() =>
        {
            var from = new SocketAddress(AddressFamily.InterNetwork);
            var expected = 0;
            while (expected < Count)
            {
                if (queue.TryPeek(out var datagram, from))
                {
                    Assert.Equal(expected, BitConverter.ToInt32(datagram));
                    queue.Release();
                    expected++;
                    continue;
                }

                queue.WaitForData(stop.Token);
            }

            return expected;
        });

        var address = new SocketAddress(AddressFamily.InterNetwork);
        for (var i = 0; i < Count; i++)
        {
            ArraySegment<byte> slot;
            while (!queue.TryGetWriteSlot(out slot))
            {
                Thread.Yield();
            }

            BitConverter.TryWriteBytes(slot.AsSpan(), i);
            queue.Publish(4, address);
        }

        Assert.Equal(Count, await consumer);
    }
}
