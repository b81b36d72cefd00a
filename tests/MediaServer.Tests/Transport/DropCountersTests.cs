using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Tests.Transport;

public sealed class DropCountersTests
{
    [Fact]
    public void Reasons_AreDenseFromZero()
    {
        DropReason[] values = Enum.GetValues<DropReason>();

        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(i, (int)values[i]);
        }
    }

    [Fact]
    public void Increments_AreCountedPerReasonAndSnapshotted()
    {
        var counters = new DropCounters();
        Parallel.For(0, 1000, _ => counters.Increment(DropReason.SrtpReplay));
        counters.Increment(DropReason.UnknownFirstByte);
        counters.Increment((DropReason)999);

        DropCountersSnapshot snapshot = counters.Snapshot();
        counters.Increment(DropReason.SrtpReplay);

        Assert.Equal(1000, snapshot[DropReason.SrtpReplay]);
        Assert.Equal(1, snapshot[DropReason.UnknownFirstByte]);
        Assert.Equal(0, snapshot[DropReason.HandlerFault]);
        Assert.Equal(1001, snapshot.Total);
        Assert.Equal(1001, counters.Get(DropReason.SrtpReplay));
    }
}
