namespace Messenger.MediaServer.Rtcp;

/// <summary>PLI (PT=206, FMT=1, RFC 4585 §6.3.1): no FCI; asks the media sender for a key frame.</summary>
public readonly ref struct PictureLossIndication
{
    public const int Length = FeedbackHeader.Size;

    private readonly ReadOnlySpan<byte> _packet;

    private PictureLossIndication(ReadOnlySpan<byte> packet) => _packet = packet;

    public uint SenderSsrc => FeedbackHeader.ReadSenderSsrc(_packet);

    public uint MediaSsrc => FeedbackHeader.ReadMediaSsrc(_packet);

    public static RtcpParseResult TryParse(ReadOnlySpan<byte> packet, out PictureLossIndication pli)
    {
        pli = default;
        var result = FeedbackHeader.TryGetFci(
            packet, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.PictureLossIndication, out _);
        if (result != RtcpParseResult.Ok)
        {
            return result;
        }

        pli = new PictureLossIndication(packet);
        return RtcpParseResult.Ok;
    }

    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, out int written)
    {
        written = 0;
        if (destination.Length < Length)
        {
            return false;
        }

        FeedbackHeader.Write(
            destination, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.PictureLossIndication, Length, senderSsrc, mediaSsrc);
        written = Length;
        return true;
    }
}
