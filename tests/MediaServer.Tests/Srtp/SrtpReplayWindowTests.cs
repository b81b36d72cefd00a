using Messenger.MediaServer.Srtp;

namespace Messenger.MediaServer.Tests.Srtp;

public sealed class SrtpReplayWindowTests
{
    [Theory]
    // Accepted indices, then the index checked and the verdict.
    [InlineData(new ulong[] { }, 5ul, SrtpResult.Ok)]
    [InlineData(new ulong[] { 1000 }, 1000ul, SrtpResult.ReplayedPacket)]
    [InlineData(new ulong[] { 1000 }, 1001ul, SrtpResult.Ok)]
    [InlineData(new ulong[] { 1000 }, 999ul, SrtpResult.Ok)]
    [InlineData(new ulong[] { 1000 }, 873ul, SrtpResult.Ok)]
    [InlineData(new ulong[] { 1000 }, 872ul, SrtpResult.ReplayTooOld)]
    [InlineData(new ulong[] { 1000, 990 }, 990ul, SrtpResult.ReplayedPacket)]
    [InlineData(new ulong[] { 990, 1000 }, 990ul, SrtpResult.ReplayedPacket)]
    [InlineData(new ulong[] { 990, 1117 }, 990ul, SrtpResult.ReplayedPacket)]
    [InlineData(new ulong[] { 990, 1118 }, 990ul, SrtpResult.ReplayTooOld)]
    [InlineData(new ulong[] { 990, 5000 }, 4999ul, SrtpResult.Ok)]
    [InlineData(new ulong[] { 1000, 999, 998 }, 997ul, SrtpResult.Ok)]
    [InlineData(new ulong[] { 1000, 999, 998 }, 998ul, SrtpResult.ReplayedPacket)]
    [InlineData(new ulong[] { 0x1_0000, 0xFFFF }, 0xFFFFul, SrtpResult.ReplayedPacket)]
    public void Check_AfterAccepting(ulong[] accepted, ulong index, SrtpResult expected)
    {
        var window = default(SrtpReplayWindow);
        foreach (ulong seen in accepted)
        {
            Assert.Equal(SrtpResult.Ok, window.Check(seen));
            window.Accept(seen);
        }

        Assert.Equal(expected, window.Check(index));
    }
}
