using Messenger.MediaServer.Rtcp;

namespace Messenger.MediaServer.Tests.Rtcp;

public sealed class RtcpRoundTripTests
{
    private static readonly ReportBlock BlockA = new()
    {
        Ssrc = 0xaaaaaaaa,
        FractionLost = 12,
        CumulativeLost = -3,
        ExtendedHighestSequence = 70_000,
        Jitter = 55,
        LastSenderReport = 0x11112222,
        DelaySinceLastSenderReport = 0x33334444,
    };

    private static readonly ReportBlock BlockB = new()
    {
        Ssrc = 2,
        FractionLost = 255,
        CumulativeLost = ReportBlock.MaxCumulativeLost,
        ExtendedHighestSequence = 0x0001ffff,
        Jitter = 0,
        LastSenderReport = 0,
        DelaySinceLastSenderReport = 0,
    };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Sender_report(int blockCount)
    {
        ReportBlock[] blocks = [BlockA, BlockB];
        var info = new SenderInfo(0x0102030405060708, 160_000, 42, 6_720);
        var buffer = new byte[128];
        Assert.True(SenderReport.TryWrite(buffer, 0xcafebabe, info, blocks.AsSpan(0, blockCount), out var written));
        Assert.Equal(SenderReport.GetLength(blockCount), written);
        Assert.Equal(RtcpParseResult.Ok, RtcpCompoundReader.Validate(buffer.AsSpan(0, written)));

        Assert.Equal(RtcpParseResult.Ok, SenderReport.TryParse(buffer.AsSpan(0, written), out var sr));
        Assert.Equal(0xcafebabeu, sr.Ssrc);
        Assert.Equal(info, sr.Info);
        Assert.Equal(blockCount, sr.ReportCount);
        for (var i = 0; i < blockCount; i++)
        {
            Assert.Equal(blocks[i], sr.GetReportBlock(i));
        }
    }

    [Fact]
    public void Sender_report_matches_hand_built_bytes()
    {
        var buffer = new byte[52];
        Assert.True(SenderReport.TryWrite(
            buffer, 0xcafebabe, new SenderInfo(0x0102030405060708, 160_000, 42, 6_720), [BlockA], out var written));
        var expected =
            "81c8000c" + "cafebabe" + "0102030405060708" + "00027100" + "0000002a" + "00001a40" +
            "aaaaaaaa" + "0cfffffd" + "00011170" + "00000037" + "11112222" + "33334444";
        Assert.Equal(expected, Convert.ToHexString(buffer.AsSpan(0, written)).ToLowerInvariant());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Receiver_report(int blockCount)
    {
        ReportBlock[] blocks = [BlockA, BlockB];
        var buffer = new byte[64];
        Assert.True(ReceiverReport.TryWrite(buffer, 7, blocks.AsSpan(0, blockCount), out var written));
        Assert.Equal(RtcpParseResult.Ok, ReceiverReport.TryParse(buffer.AsSpan(0, written), out var rr));
        Assert.Equal(7u, rr.Ssrc);
        Assert.Equal(blockCount, rr.ReportCount);
        for (var i = 0; i < blockCount; i++)
        {
            Assert.Equal(blocks[i], rr.GetReportBlock(i));
        }
    }

    [Fact]
    public void Cumulative_lost_is_clamped_to_24_bits()
    {
        var buffer = new byte[ReportBlock.Size];
        (BlockA with { CumulativeLost = int.MinValue }).Write(buffer);
        Assert.Equal(ReportBlock.MinCumulativeLost, ReportBlock.Read(buffer).CumulativeLost);
        (BlockA with { CumulativeLost = int.MaxValue }).Write(buffer);
        Assert.Equal(ReportBlock.MaxCumulativeLost, ReportBlock.Read(buffer).CumulativeLost);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("abcdefghijklmn")] // 4 + 2 + 14 = 20: the null item needs a whole extra word
    [InlineData("0123456789abcdef")] // 16, what Chrome sends
    [InlineData("user@host.example")]
    public void Sdes_cname(string cname)
    {
        var text = System.Text.Encoding.ASCII.GetBytes(cname);
        var buffer = new byte[300];
        Assert.True(SourceDescription.TryWriteCname(buffer, 0x01020304, text, out var written));
        Assert.Equal(0, written % 4);
        Assert.Equal(RtcpParseResult.Ok, SourceDescription.TryParse(buffer.AsSpan(0, written), out var sdes));
        var seen = 0;
        foreach (var chunk in sdes)
        {
            seen++;
            Assert.Equal(0x01020304u, chunk.Ssrc);
            Assert.Equal(text, chunk.Cname.ToArray());
        }

        Assert.Equal(1, seen);
    }

    [Fact]
    public void Sdes_with_two_chunks_and_other_items()
    {
        // Chunk 1: NAME "ab" then CNAME "x", null, pad. Chunk 2: CNAME "yz", null, pad.
        var packet = Convert.FromHexString(
            "82ca0006" + "00000001" + "02026162" + "01017800" + "00000002" + "0102797a" + "00000000");
        Assert.Equal(RtcpParseResult.Ok, SourceDescription.TryParse(packet, out var sdes));
        var cnames = new List<string>();
        foreach (var chunk in sdes)
        {
            cnames.Add(chunk.Ssrc + ":" + System.Text.Encoding.ASCII.GetString(chunk.Cname));
        }

        Assert.Equal(["1:x", "2:yz"], cnames);
    }

    [Theory]
    [InlineData(new uint[] { 1 }, "")]
    [InlineData(new uint[] { 1, 2, 3 }, "bye")]
    [InlineData(new uint[] { 0xffffffff }, "shutdown")]
    public void Goodbye_packet(uint[] ssrcs, string reason)
    {
        var text = System.Text.Encoding.ASCII.GetBytes(reason);
        var buffer = new byte[64];
        Assert.True(Goodbye.TryWrite(buffer, ssrcs, text, out var written));
        Assert.Equal(RtcpParseResult.Ok, Goodbye.TryParse(buffer.AsSpan(0, written), out var bye));
        Assert.Equal(ssrcs.Length, bye.SourceCount);
        for (var i = 0; i < ssrcs.Length; i++)
        {
            Assert.Equal(ssrcs[i], bye.GetSsrc(i));
        }

        Assert.Equal(text, bye.Reason.ToArray());
    }

    [Fact]
    public void Picture_loss_indication()
    {
        var buffer = new byte[PictureLossIndication.Length];
        Assert.True(PictureLossIndication.TryWrite(buffer, 1, 0x12345678, out var written));
        Assert.Equal("81ce000200000001" + "12345678", Convert.ToHexString(buffer.AsSpan(0, written)).ToLowerInvariant());
        Assert.Equal(RtcpParseResult.Ok, PictureLossIndication.TryParse(buffer, out var pli));
        Assert.Equal(1u, pli.SenderSsrc);
        Assert.Equal(0x12345678u, pli.MediaSsrc);
    }

    [Fact]
    public void Full_intra_request()
    {
        FirEntry[] entries = [new(0x11111111, 0), new(0x22222222, 255)];
        var buffer = new byte[64];
        Assert.True(FullIntraRequest.TryWrite(buffer, 9, entries, out var written));
        Assert.Equal(RtcpParseResult.Ok, FullIntraRequest.TryParse(buffer.AsSpan(0, written), out var fir));
        Assert.Equal(9u, fir.SenderSsrc);
        Assert.Equal(2, fir.EntryCount);
        Assert.Equal(entries[0], fir.GetEntry(0));
        Assert.Equal(entries[1], fir.GetEntry(1));
    }

    [Fact]
    public void Readers_refuse_other_types()
    {
        var buffer = new byte[64];
        Assert.True(PictureLossIndication.TryWrite(buffer, 1, 2, out var pliLength));
        var pli = buffer.AsSpan(0, pliLength).ToArray();
        Assert.Equal(RtcpParseResult.WrongType, FullIntraRequest.TryParse(pli, out _));
        Assert.Equal(RtcpParseResult.WrongType, ReceiverEstimatedMaxBitrate.TryParse(pli, out _));
        Assert.Equal(RtcpParseResult.WrongType, GenericNack.TryParse(pli, out _));
        Assert.Equal(RtcpParseResult.WrongType, SenderReport.TryParse(pli, out _));
        Assert.Equal(RtcpParseResult.WrongType, TransportFeedback.TryParse(pli, out _));
    }

    [Fact]
    public void Writers_refuse_small_buffers()
    {
        var small = new byte[8];
        Assert.False(SenderReport.TryWrite(small, 1, default, [], out _));
        Assert.False(ReceiverReport.TryWrite(small, 1, [BlockA], out _));
        Assert.False(SourceDescription.TryWriteCname(small, 1, "abc"u8, out _));
        Assert.False(Goodbye.TryWrite(small, [1, 2], "x"u8, out _));
        Assert.False(PictureLossIndication.TryWrite(small, 1, 2, out _));
        Assert.False(FullIntraRequest.TryWrite(small, 1, [new FirEntry(1, 1)], out _));
        Assert.False(GenericNack.TryWrite(small, 1, 2, [1], out _));
        Assert.False(ReceiverEstimatedMaxBitrate.TryWrite(small, 1, 1000, [1], out _));
    }
}
