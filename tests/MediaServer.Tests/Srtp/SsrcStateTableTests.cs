using Messenger.MediaServer.Srtp;

namespace Messenger.MediaServer.Tests.Srtp;

public sealed class SsrcStateTableTests
{
    [Fact]
    public void AddFindRemove_KeepsEveryOtherEntryReachable()
    {
        var table = new SsrcStateTable<int>(maxEntries: 40);
        var ssrcs = new uint[40];
        for (int i = 0; i < ssrcs.Length; i++)
        {
            ssrcs[i] = (uint)(i * 0x10000) + 7; // similar low bits, so probe chains collide
            table.Add(ssrcs[i]) = i;
        }

        Assert.True(table.IsFull);
        // Remove every third entry, then all the rest must still be found with their values.
        for (int i = 0; i < ssrcs.Length; i += 3)
        {
            Assert.True(table.Remove(ssrcs[i]));
            Assert.False(table.Remove(ssrcs[i]));
        }

        for (int i = 0; i < ssrcs.Length; i++)
        {
            ref int value = ref table.Find(ssrcs[i], out bool found);
            Assert.Equal(i % 3 != 0, found);
            if (found)
            {
                Assert.Equal(i, value);
            }
        }

        Assert.Equal(26, table.Count);
        Assert.False(table.IsFull);
    }

    [Fact]
    public void Find_ReturnsRefThatUpdatesInPlace()
    {
        var table = new SsrcStateTable<long>(maxEntries: 4);
        table.Add(42) = 1;

        table.Find(42, out _) += 10;

        Assert.Equal(11, table.Find(42, out bool found));
        Assert.True(found);
        table.Find(43, out found);
        Assert.False(found);
    }

    [Fact]
    public void Add_WhenFull_Throws()
    {
        var table = new SsrcStateTable<int>(maxEntries: 1);
        table.Add(1);

        Assert.Throws<InvalidOperationException>(() => table.Add(2));
    }
}
