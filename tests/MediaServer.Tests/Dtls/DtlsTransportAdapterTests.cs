using Messenger.MediaServer.Dtls;

namespace Messenger.MediaServer.Tests.Dtls;

public sealed class DtlsTransportAdapterTests
{
    [Fact]
    public void Receive_ReturnsQueuedDatagramsInOrder()
    {
        var adapter = new DtlsTransportAdapter(new RecordingSender());
        adapter.Enqueue([1, 2, 3]);
        adapter.Enqueue([4, 5]);
        byte[] buffer = new byte[adapter.GetReceiveLimit()];

        Assert.Equal(3, adapter.Receive(buffer, 0, buffer.Length, 10));
        Assert.Equal([1, 2, 3], buffer[..3]);
        Assert.Equal(2, adapter.Receive(buffer, 0, buffer.Length, 10));
        Assert.Equal([4, 5], buffer[..2]);
        Assert.Equal(0, adapter.PendingCount);
    }

    [Fact]
    public void Receive_ReturnsMinusOneWhenNothingArrives()
    {
        var adapter = new DtlsTransportAdapter(new RecordingSender());

        Assert.Equal(-1, adapter.Receive(new byte[64], 0, 64, 5));
    }

    [Fact]
    public void Enqueue_DropsWhenFullTooLargeOrEmpty()
    {
        var adapter = new DtlsTransportAdapter(new RecordingSender(), queueCapacity: 2);

        Assert.True(adapter.Enqueue([1]));
        Assert.True(adapter.Enqueue([2]));
        Assert.False(adapter.Enqueue([3]));
        Assert.False(adapter.Enqueue(new byte[DtlsTransportAdapter.MaxDatagramSize + 1]));
        Assert.False(adapter.Enqueue([]));
        Assert.Equal(2, adapter.PendingCount);
        Assert.Equal(3, adapter.DroppedCount);
    }

    [Fact]
    public void Enqueue_CopiesTheCallersBuffer()
    {
        var adapter = new DtlsTransportAdapter(new RecordingSender());
        byte[] datagram = [9, 9, 9];
        adapter.Enqueue(datagram);
        datagram[0] = 0;
        byte[] buffer = new byte[16];

        adapter.Receive(buffer, 0, buffer.Length, 10);

        Assert.Equal(9, buffer[0]);
    }

    [Fact]
    public async Task Receive_WakesUpForADatagramEnqueuedLater()
    {
        var adapter = new DtlsTransportAdapter(new RecordingSender());
        var receiving = Task.Run(() => adapter.Receive(new byte[16], 0, 16, 0));

        adapter.Enqueue([7, 7]);

        Assert.Equal(2, await receiving.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Close_UnblocksAWaitingReceiverAndRefusesMore()
    {
        var adapter = new DtlsTransportAdapter(new RecordingSender());
        adapter.Enqueue([1]);
        adapter.Receive(new byte[16], 0, 16, 10);
        var receiving = Task.Run(() => adapter.Receive(new byte[16], 0, 16, 0));

        adapter.Close();

        await Assert.ThrowsAsync<IOException>(() => receiving.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(adapter.IsClosed);
        Assert.False(adapter.Enqueue([1]));
    }

    [Fact]
    public void Send_ForwardsToTheSenderUntilClosed()
    {
        var sender = new RecordingSender();
        var adapter = new DtlsTransportAdapter(sender, mtu: 1000);

        adapter.Send([1, 2, 3], 1, 2);
        adapter.Close();
        adapter.Send([4]);

        Assert.Equal(1000, adapter.GetSendLimit());
        Assert.Single(sender.Sent);
        Assert.Equal([2, 3], sender.Sent[0]);
    }

    [Fact]
    public void Send_PacksRecordsIntoOneDatagramUntilFlushed()
    {
        var sender = new RecordingSender();
        var adapter = new DtlsTransportAdapter(sender);

        adapter.Send([1, 2]);
        adapter.Send([3]);
        Assert.Empty(sender.Sent);

        adapter.Flush();
        adapter.Flush();

        Assert.Single(sender.Sent);
        Assert.Equal([1, 2, 3], sender.Sent[0]);
    }

    [Fact]
    public void Send_StartsANewDatagramWhenTheMtuWouldBeExceeded()
    {
        var sender = new RecordingSender();
        var adapter = new DtlsTransportAdapter(sender, mtu: 256);

        adapter.Send(new byte[200]);
        adapter.Send(new byte[100]);
        adapter.Flush();

        Assert.Equal([200, 100], sender.Sent.Select(d => d.Length));
    }

    [Fact]
    public void Receive_FlushesTheFlightWrittenBeforeIt()
    {
        var sender = new RecordingSender();
        var adapter = new DtlsTransportAdapter(sender);
        adapter.Send([5]);

        adapter.Receive(new byte[16], 0, 16, 1);

        Assert.Single(sender.Sent);
    }

    private sealed class RecordingSender : IDatagramSender
    {
        public List<byte[]> Sent { get; } = [];

        public void Send(ReadOnlySpan<byte> datagram) => Sent.Add(datagram.ToArray());
    }
}
