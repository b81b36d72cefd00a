using Messenger.MediaServer.Srtp;

namespace Messenger.MediaServer.Tests.Srtp;

public sealed class SrtpIndexTests
{
    [Theory]
    // (highest ROC, highest SEQ, received SEQ) -> expected ROC, per RFC 3711 Appendix A.
    [InlineData(0u, 100, 101, 0u)]
    [InlineData(0u, 65535, 0, 1u)]
    [InlineData(0u, 65530, 65529, 0u)]
    [InlineData(1u, 2, 65534, 0u)]
    [InlineData(1u, 0, 65535, 0u)]
    [InlineData(0u, 40000, 5000, 1u)]
    [InlineData(0u, 40000, 8000, 0u)]
    [InlineData(5u, 30000, 63000, 4u)]
    [InlineData(5u, 30000, 62000, 5u)]
    [InlineData(5u, 32768, 0, 5u)]
    [InlineData(5u, 32769, 0, 6u)]
    // ROC -1 does not exist: a sender still at ROC 0 protects a forward jump with ROC 0.
    [InlineData(0u, 10, 65000, 0u)]
    public void Estimate_FollowsAppendixA(uint roc, int highestSequence, int sequence, uint expectedRoc)
    {
        ulong highest = ((ulong)roc << 16) | (uint)highestSequence;

        ulong index = SrtpIndex.Estimate(highest, (ushort)sequence);

        Assert.Equal(expectedRoc, SrtpIndex.RolloverCounter(index));
        Assert.Equal((ushort)sequence, (ushort)index);
    }
}
