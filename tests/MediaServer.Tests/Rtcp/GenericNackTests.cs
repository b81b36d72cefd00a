using Messenger.MediaServer.Rtcp;

namespace Messenger.MediaServer.Tests.Rtcp;

public sealed class GenericNackTests
{
    [Theory]
    [InlineData(100, 0x0000, new ushort[] { 100 })]
    [InlineData(100, 0x0001, new ushort[] { 100, 101 })]
    [InlineData(100, 0x8000, new ushort[] { 100, 116 })]
    [InlineData(100, 0x0005, new ushort[] { 100, 101, 103 })]
    [InlineData(65534, 0x0007, new ushort[] { 65534, 65535, 0, 1 })] // wraps
    [InlineData(65535, 0xffff, new ushort[] { 65535, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 })]
    public void Expands_pid_and_blp(int pid, int blp, ushort[] expected)
    {
        var output = new ushort[17];
        var count = GenericNack.ExpandPair((ushort)pid, (ushort)blp, output);
        Assert.Equal(expected, output.AsSpan(0, count).ToArray());

        // Same through a parsed packet, via both the span and the callback outputs.
        var packet = Convert.FromHexString("81cd0003" + "00000001" + "00000002" + $"{pid:x4}{blp:x4}");
        Assert.Equal(RtcpParseResult.Ok, GenericNack.TryParse(packet, out var nack));
        Assert.Equal(1, nack.PairCount);
        Assert.Equal(expected.Length, nack.LostCount);
        var fromSpan = new ushort[nack.LostCount];
        Assert.Equal(expected.Length, nack.CopyLostSequenceNumbers(fromSpan));
        Assert.Equal(expected, fromSpan);
        var fromCallback = new List<ushort>();
        nack.ForEachLost(fromCallback, static (list, seq) => list.Add(seq));
        Assert.Equal(expected, fromCallback);
    }

    [Fact]
    public void Span_output_stops_when_full()
    {
        var packet = Convert.FromHexString("81cd0004" + "00000001" + "00000002" + "000affff" + "01000000");
        Assert.Equal(RtcpParseResult.Ok, GenericNack.TryParse(packet, out var nack));
        Assert.Equal(18, nack.LostCount);
        var small = new ushort[5];
        Assert.Equal(5, nack.CopyLostSequenceNumbers(small));
        Assert.Equal(new ushort[] { 10, 11, 12, 13, 14 }, small);
    }

    public static TheoryData<ushort[], string> WriteCases => new()
    {
        { [5], "00050000" },
        { [5, 6, 21], "00058001" }, // 21 = 5 + 16: last BLP bit
        { [5, 22], "00050000" + "00160000" }, // 17 away: new pair
        { [65535, 0, 1], "ffff0003" }, // across the wrap
        { [1, 1, 2], "00010001" }, // duplicates collapse
        { [10, 12, 14, 40, 41], "000a000a" + "00280001" },
    };

    [Theory]
    [MemberData(nameof(WriteCases))]
    public void Writes_pairs_and_round_trips(ushort[] lost, string expectedFci)
    {
        var buffer = new byte[64];
        Assert.True(GenericNack.TryWrite(buffer, 0x11, 0x22, lost, out var written));
        var fci = Convert.ToHexString(buffer.AsSpan(12, written - 12)).ToLowerInvariant();
        Assert.Equal(expectedFci, fci);

        Assert.Equal(RtcpParseResult.Ok, GenericNack.TryParse(buffer.AsSpan(0, written), out var nack));
        Assert.Equal(0x11u, nack.SenderSsrc);
        Assert.Equal(0x22u, nack.MediaSsrc);
        var expanded = new ushort[nack.LostCount];
        nack.CopyLostSequenceNumbers(expanded);
        Assert.Equal(lost.Distinct().ToArray(), expanded);
    }

    [Fact]
    public void Refuses_empty_input()
    {
        Assert.False(GenericNack.TryWrite(new byte[64], 1, 2, [], out _));
        // And a NACK without any FCI entry is malformed (RFC 4585 §6.2.1 requires at least one).
        Assert.Equal(RtcpParseResult.BadLength, GenericNack.TryParse(Convert.FromHexString("81cd00020000000100000002"), out _));
    }
}
