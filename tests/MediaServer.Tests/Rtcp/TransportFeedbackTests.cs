using System.Buffers.Binary;
using Messenger.MediaServer.Rtcp;

namespace Messenger.MediaServer.Tests.Rtcp;

public sealed class TransportFeedbackTests
{
    [Fact]
    public void Reads_a_hand_built_packet()
    {
        // Base 5, 3 statuses, reference time 1 (64 ms), fb count 7; one 2-bit vector [small, not received, large];
        // deltas +4 ticks (1 ms) and -8 ticks (-2 ms); 3 bytes of zero padding.
        var packet = Convert.FromHexString(
            "8fcd0006" + "00000001" + "00000002" + "00050003" + "00000107" + "d200" + "04" + "fff8" + "000000");
        Assert.Equal(RtcpParseResult.Ok, TransportFeedback.TryParse(packet, out var feedback));
        Assert.Equal(1u, feedback.SenderSsrc);
        Assert.Equal(2u, feedback.MediaSsrc);
        Assert.Equal(5, feedback.BaseSequenceNumber);
        Assert.Equal(3, feedback.PacketStatusCount);
        Assert.Equal(1, feedback.ReferenceTime);
        Assert.Equal(7, feedback.FeedbackPacketCount);

        var results = Enumerate(feedback);
        Assert.Equal(
            [
                new TwccPacketResult(5, TwccStatus.ReceivedSmallDelta, 4, 65_000),
                new TwccPacketResult(6, TwccStatus.NotReceived, 0, 0),
                new TwccPacketResult(7, TwccStatus.ReceivedLargeDelta, -8, 63_000),
            ],
            results);
    }

    [Theory]
    [InlineData("8fcd0005" + "00000001" + "00000002" + "00050000" + "00000107" + "2001" + "0000")] // status count 0
    [InlineData("8fcd0005" + "00000001" + "00000002" + "00050001" + "00000107" + "6001" + "0000")] // reserved symbol 3
    [InlineData("8fcd0005" + "00000001" + "00000002" + "00050002" + "00000107" + "f000" + "0000")] // 2-bit vector with 3
    public void Rejects_malformed_statuses(string hex) =>
        Assert.Equal(RtcpParseResult.Malformed, TransportFeedback.TryParse(Convert.FromHexString(hex), out _));

    [Theory]
    [InlineData("8fcd0004" + "00000001" + "00000002" + "00050001" + "00000107")] // no chunk
    [InlineData("8fcd0005" + "00000001" + "00000002" + "0005000f" + "00000107" + "2001" + "0000")] // chunk covers 1 of 15
    [InlineData("8fcd0005" + "00000001" + "00000002" + "00050003" + "00000107" + "2003" + "0000")] // 3 small deltas missing
    public void Rejects_short_chunks_or_deltas(string hex) =>
        Assert.Equal(RtcpParseResult.BadLength, TransportFeedback.TryParse(Convert.FromHexString(hex), out _));

    public static TheoryData<string, TwccArrival[], string[]> RoundTripCases => new()
    {
        {
            "contiguous small deltas: one run-length chunk",
            Arrivals(0, 30, seq => 1_000 + (seq * 1_000)),
            ["run:30"]
        },
        {
            "losses in between: full 1-bit vectors then a short final vector",
            Sparse(65530, 40, seq => seq % 3 != 0, seq => 5_000 + (seq * 2_000)),
            ["1bit:14", "1bit:14", "1bit:10"]
        },
        {
            "long receive run, long loss run, reordering (negative delta) and a long gap (large delta)",
            [
                .. Arrivals(100, 20, seq => 1_000 + (seq * 500)),
                new TwccArrival(220, 60_000), // 100 lost, then received late: large delta
                new TwccArrival(221, 59_000), // arrived before 220: negative, large
                new TwccArrival(222, 59_250),
                new TwccArrival(224, 59_500),
            ],
            ["run:20", "run:100", "2bit:5"]
        },
        {
            "negative arrival times (reference time below zero)",
            [new TwccArrival(1, -70_000), new TwccArrival(2, -1_000), new TwccArrival(3, 250)],
            ["2bit:3"]
        },
    };

    [Theory]
    [MemberData(nameof(RoundTripCases))]
    public void Writer_round_trips_through_reader(string description, TwccArrival[] arrivals, string[] expectedChunks)
    {
        Assert.NotEmpty(description);
        var buffer = new byte[1200];
        Assert.True(TransportFeedbackWriter.TryWrite(buffer, 0x10, 0x20, 9, arrivals, out var written, out var consumed));
        Assert.Equal(arrivals.Length, consumed);
        Assert.Equal(0, written % 4);
        Assert.Equal(RtcpParseResult.Ok, RtcpCompoundReader.Validate(buffer.AsSpan(0, written)));
        Assert.Equal(expectedChunks, DescribeChunks(buffer.AsSpan(0, written)));

        Assert.Equal(RtcpParseResult.Ok, TransportFeedback.TryParse(buffer.AsSpan(0, written), out var feedback));
        Assert.Equal(9, feedback.FeedbackPacketCount);
        Assert.Equal(arrivals[0].SequenceNumber, feedback.BaseSequenceNumber);
        AssertMatches(arrivals, Enumerate(feedback));
    }

    [Fact]
    public void Splits_across_packets_when_the_buffer_is_small()
    {
        var arrivals = Sparse(0, 200, seq => seq % 5 != 1, seq => seq * 1_000);
        var buffer = new byte[64];
        var all = new List<TwccPacketResult>();
        var remaining = arrivals.AsSpan();
        var packets = 0;
        while (!remaining.IsEmpty)
        {
            Assert.True(TransportFeedbackWriter.TryWrite(buffer, 1, 2, (byte)packets, remaining, out var written, out var consumed));
            Assert.InRange(written, 1, buffer.Length);
            Assert.Equal(RtcpParseResult.Ok, TransportFeedback.TryParse(buffer.AsSpan(0, written), out var feedback));
            all.AddRange(Enumerate(feedback));
            remaining = remaining.Slice(consumed);
            packets++;
        }

        Assert.True(packets > 1);
        AssertMatches(arrivals, [.. all.Where(r => r.Received)]);
    }

    [Fact]
    public void Stops_at_an_unrepresentable_delta_or_disorder()
    {
        var buffer = new byte[200];
        // 10 s later is 40 000 ticks, beyond a signed 16-bit delta.
        Assert.True(TransportFeedbackWriter.TryWrite(
            buffer, 1, 2, 0, [new TwccArrival(1, 0), new TwccArrival(2, 10_000_000)], out _, out var consumed));
        Assert.Equal(1, consumed);
        // Out of order input is the caller's to sort.
        Assert.True(TransportFeedbackWriter.TryWrite(
            buffer, 1, 2, 0, [new TwccArrival(5, 0), new TwccArrival(4, 100)], out _, out consumed));
        Assert.Equal(1, consumed);
        Assert.False(TransportFeedbackWriter.TryWrite(buffer, 1, 2, 0, [], out _, out consumed));
        Assert.Equal(0, consumed);
        Assert.False(TransportFeedbackWriter.TryWrite(new byte[20], 1, 2, 0, [new TwccArrival(1, 0)], out _, out _));
    }

    private static TwccArrival[] Arrivals(int first, int count, Func<int, long> arrival) =>
        [.. Enumerable.Range(0, count).Select(i => new TwccArrival((ushort)(first + i), arrival(i)))];

    private static TwccArrival[] Sparse(int first, int span, Func<int, bool> received, Func<int, long> arrival) =>
        [.. Enumerable.Range(0, span).Where(received).Select(i => new TwccArrival((ushort)(first + i), arrival(i)))];

    private static List<TwccPacketResult> Enumerate(TransportFeedback feedback)
    {
        var results = new List<TwccPacketResult>();
        foreach (var result in feedback)
        {
            results.Add(result);
        }

        return results;
    }

    private static void AssertMatches(TwccArrival[] arrivals, List<TwccPacketResult> results)
    {
        var received = results.Where(r => r.Received).ToList();
        Assert.Equal(arrivals.Length, received.Count);
        for (var i = 0; i < arrivals.Length; i++)
        {
            Assert.Equal(arrivals[i].SequenceNumber, received[i].SequenceNumber);
            Assert.Equal(arrivals[i].ArrivalMicroseconds, received[i].ArrivalMicroseconds);
        }

        if (results.Count > received.Count || arrivals.Length == 1)
        {
            // One packet: everything between the first and last arrival that did not arrive is reported lost.
            var span = (ushort)(arrivals[^1].SequenceNumber - arrivals[0].SequenceNumber) + 1;
            Assert.Equal(span - arrivals.Length, results.Count - received.Count);
        }
    }

    /// <summary>Decodes the chunk list straight from the bytes so the test checks the encoder's choices.</summary>
    private static List<string> DescribeChunks(ReadOnlySpan<byte> packet)
    {
        var statusCount = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(14));
        var chunks = new List<string>();
        var position = 20;
        var covered = 0;
        while (covered < statusCount)
        {
            var chunk = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(position));
            position += 2;
            string kind;
            int capacity;
            if ((chunk & 0x8000) == 0)
            {
                kind = "run";
                capacity = chunk & 0x1fff;
            }
            else
            {
                kind = (chunk & 0x4000) == 0 ? "1bit" : "2bit";
                capacity = (chunk & 0x4000) == 0 ? 14 : 7;
            }

            var take = Math.Min(capacity, statusCount - covered);
            covered += take;
            chunks.Add($"{kind}:{take}");
        }

        return chunks;
    }
}
