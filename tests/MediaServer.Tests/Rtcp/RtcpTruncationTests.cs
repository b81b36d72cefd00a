using Messenger.MediaServer.Rtcp;

namespace Messenger.MediaServer.Tests.Rtcp;

/// <summary>Every reader, fed every strict prefix of a valid packet, returns a failure and never throws.</summary>
public sealed class RtcpTruncationTests
{
    public enum Kind
    {
        SenderReport,
        ReceiverReport,
        SourceDescription,
        Goodbye,
        GenericNack,
        PictureLossIndication,
        FullIntraRequest,
        Remb,
        TransportFeedback,
    }

    public static TheoryData<Kind> Kinds => new(Enum.GetValues<Kind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_prefix_fails(Kind kind)
    {
        var packet = Build(kind);
        Assert.Equal(RtcpParseResult.Ok, Parse(kind, packet));
        for (var cut = 0; cut < packet.Length; cut++)
        {
            Assert.NotEqual(RtcpParseResult.Ok, Parse(kind, packet.AsSpan(0, cut)));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Lying_length_field_fails(Kind kind)
    {
        // Shrink the declared length by one word while keeping the bytes: the body no longer holds the content.
        var packet = Build(kind);
        var words = (packet[2] << 8) | packet[3];
        packet[3] = (byte)(words - 1);
        packet[2] = (byte)((words - 1) >> 8);
        var shrunk = packet.AsSpan(0, packet.Length - 4);
        Assert.NotEqual(RtcpParseResult.Ok, Parse(kind, shrunk));
    }

    private static byte[] Build(Kind kind)
    {
        var buffer = new byte[256];
        int written;
        var ok = kind switch
        {
            Kind.SenderReport => SenderReport.TryWrite(
                buffer, 1, new SenderInfo(1, 2, 3, 4), [new ReportBlock { Ssrc = 5 }], out written),
            Kind.ReceiverReport => ReceiverReport.TryWrite(buffer, 1, [new ReportBlock { Ssrc = 5 }], out written),
            Kind.SourceDescription => SourceDescription.TryWriteCname(buffer, 1, "0123456789abcdef"u8, out written),
            Kind.Goodbye => Goodbye.TryWrite(buffer, [1, 2], "gone"u8, out written),
            Kind.GenericNack => GenericNack.TryWrite(buffer, 1, 2, [10, 12], out written),
            Kind.PictureLossIndication => PictureLossIndication.TryWrite(buffer, 1, 2, out written),
            Kind.FullIntraRequest => FullIntraRequest.TryWrite(buffer, 1, [new FirEntry(3, 4)], out written),
            Kind.Remb => ReceiverEstimatedMaxBitrate.TryWrite(buffer, 1, 1_000_000, [7, 8], out written),
            Kind.TransportFeedback => TransportFeedbackWriter.TryWrite(
                buffer, 1, 2, 0, [new TwccArrival(100, 1000), new TwccArrival(103, 70_000)], out written, out _),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        Assert.True(ok);
        return buffer.AsSpan(0, written).ToArray();
    }

    private static RtcpParseResult Parse(Kind kind, ReadOnlySpan<byte> packet) => kind switch
    {
        Kind.SenderReport => SenderReport.TryParse(packet, out _),
        Kind.ReceiverReport => ReceiverReport.TryParse(packet, out _),
        Kind.SourceDescription => SourceDescription.TryParse(packet, out _),
        Kind.Goodbye => Goodbye.TryParse(packet, out _),
        Kind.GenericNack => GenericNack.TryParse(packet, out _),
        Kind.PictureLossIndication => PictureLossIndication.TryParse(packet, out _),
        Kind.FullIntraRequest => FullIntraRequest.TryParse(packet, out _),
        Kind.Remb => ReceiverEstimatedMaxBitrate.TryParse(packet, out _),
        Kind.TransportFeedback => TransportFeedback.TryParse(packet, out _),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
