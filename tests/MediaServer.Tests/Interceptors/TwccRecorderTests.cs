using Messenger.MediaServer.Interceptors;
using Messenger.MediaServer.Rtcp;
using Messenger.MediaServer.Tests.Ice;

namespace Messenger.MediaServer.Tests.Interceptors;

public sealed class TwccRecorderTests
{
    [Theory]
    [InlineData("10@1000 11@2000 13@5000 14@4000", "10@1000 11@2000 12@- 13@5000 14@4000")] // loss, reordered arrival
    [InlineData("65534@250 65535@500 0@750 1@1000", "65534@250 65535@500 0@750 1@1000")] // wrap
    [InlineData("5@100000 3@100250 4@100500", "3@100250 4@100500 5@100000")] // reordered sequence numbers
    [InlineData("7@0 7@250", "7@250")] // duplicate: the later arrival wins
    public void Feedback_reports_every_status(string arrivals, string expected)
    {
        var recorder = new TwccRecorder(new ManualTimeProvider());
        foreach (var item in arrivals.Split(' '))
        {
            var parts = item.Split('@');
            recorder.OnPacket(ushort.Parse(parts[0]), long.Parse(parts[1]));
        }

        var buffer = new byte[1200];
        Assert.True(recorder.TryBuildFeedback(buffer, 1, 2, out var written));
        Assert.Equal(RtcpParseResult.Ok, TransportFeedback.TryParse(buffer.AsSpan(0, written), out var feedback));
        var reported = new List<string>();
        foreach (var result in feedback)
        {
            reported.Add(result.Received ? $"{result.SequenceNumber}@{result.ArrivalMicroseconds}" : $"{result.SequenceNumber}@-");
        }

        Assert.Equal(expected, string.Join(' ', reported));
        Assert.False(recorder.HasPending);
        Assert.False(recorder.TryBuildFeedback(buffer, 1, 2, out _));
    }

    [Fact]
    public void Next_feedback_continues_after_the_last_reported_and_counts_up()
    {
        var time = new ManualTimeProvider();
        var recorder = new TwccRecorder(time);
        var buffer = new byte[1200];
        recorder.OnPacket(100);
        time.Advance(TimeSpan.FromMilliseconds(5));
        recorder.OnPacket(102);
        Assert.True(recorder.TryBuildFeedback(buffer, 1, 2, out var written));
        Assert.Equal(RtcpParseResult.Ok, TransportFeedback.TryParse(buffer.AsSpan(0, written), out var first));
        Assert.Equal(0, first.FeedbackPacketCount);
        Assert.Equal(3, first.PacketStatusCount);

        recorder.OnPacket(101); // too late: already reported lost
        Assert.Equal(1, recorder.LateCount);
        Assert.False(recorder.HasPending);

        time.Advance(TimeSpan.FromMilliseconds(5));
        recorder.OnPacket(103);
        Assert.True(recorder.TryBuildFeedback(buffer, 1, 2, out written));
        Assert.Equal(RtcpParseResult.Ok, TransportFeedback.TryParse(buffer.AsSpan(0, written), out var second));
        Assert.Equal(1, second.FeedbackPacketCount);
        Assert.Equal(103, second.BaseSequenceNumber);
        Assert.Equal(1, second.PacketStatusCount);
        var enumerator = second.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        Assert.Equal(10_000, enumerator.Current.ArrivalMicroseconds); // from the injected clock
    }

    [Fact]
    public void A_backlog_is_flushed_over_several_packets()
    {
        var recorder = new TwccRecorder(new ManualTimeProvider());
        for (var i = 0; i < 600; i++)
        {
            recorder.OnPacket((ushort)i, i * 1000L);
        }

        var buffer = new byte[200];
        var statuses = 0;
        var packets = 0;
        while (recorder.TryBuildFeedback(buffer, 1, 2, out var written))
        {
            Assert.Equal(RtcpParseResult.Ok, TransportFeedback.TryParse(buffer.AsSpan(0, written), out var feedback));
            Assert.Equal(statuses, feedback.BaseSequenceNumber);
            statuses += feedback.PacketStatusCount;
            packets++;
        }

        Assert.Equal(600, statuses);
        Assert.True(packets > 1);
    }
}
