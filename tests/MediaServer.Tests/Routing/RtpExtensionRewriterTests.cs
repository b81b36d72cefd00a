using Messenger.MediaServer.Routing;

namespace Messenger.MediaServer.Tests.Routing;

public sealed class RtpExtensionRewriterTests
{
    private const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";
    private const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    private const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    private static readonly HashSet<string> NeverForward = [Mid];

    private static RtpExtensionRewriter Rewriter(Dictionary<string, int> subscriber) =>
        new([new(1, AudioLevel), new(2, AbsSendTime), new(4, Mid)], subscriber, NeverForward);

    // One-byte elements: [id<<4 | len-1][data...]. Publisher: audio level id 1, abs-send-time id 2, mid id 4.
    [Theory]
    // Same ids on both sides: only the never-forwarded mid is blanked.
    [InlineData("1,2", "10 AA 22 01 02 03 40 30 00 00", "10 AA 22 01 02 03 00 00 00 00")]
    // Subscriber numbers audio level 5 and abs-send-time 3.
    [InlineData("5,3", "10 AA 22 01 02 03 00 00", "50 AA 32 01 02 03 00 00")]
    // Subscriber did not negotiate abs-send-time: blanked into padding.
    [InlineData("1,0", "10 AA 22 01 02 03 00 00", "10 AA 00 00 00 00 00 00")]
    // Padding bytes between elements are kept and skipped.
    [InlineData("5,3", "00 10 AA 00 22 01 02 03", "00 50 AA 00 32 01 02 03")]
    // An element that runs past the end stops the rewrite without throwing.
    [InlineData("5,3", "10 AA 2F 01", "50 AA 2F 01")]
    // Id 15 ends processing (RFC 8285 §4.2).
    [InlineData("5,3", "F0 10 AA 00", "F0 10 AA 00")]
    public void One_byte_elements_are_renumbered_or_blanked(string ids, string input, string expected)
    {
        var parts = ids.Split(',').Select(int.Parse).ToArray();
        var subscriber = new Dictionary<string, int> { [Mid] = 4 };
        if (parts[0] > 0)
        {
            subscriber[AudioLevel] = parts[0];
        }

        if (parts[1] > 0)
        {
            subscriber[AbsSendTime] = parts[1];
        }

        var data = Convert.FromHexString(input.Replace(" ", "", StringComparison.Ordinal));
        Rewriter(subscriber).Rewrite(0xBEDE, data);
        Assert.Equal(expected.Replace(" ", "", StringComparison.Ordinal), Convert.ToHexString(data));
    }

    [Fact]
    public void Two_byte_elements_are_renumbered_or_blanked()
    {
        // [id][len][data]: audio level (1) 1 byte, abs-send-time (2) 3 bytes, mid (4) 1 byte.
        var data = Convert.FromHexString("0101AA02030102030401300000");
        Rewriter(new Dictionary<string, int> { [AudioLevel] = 7, [AbsSendTime] = 2 }).Rewrite(0x1000, data);
        Assert.Equal("0701AA02030102030000000000", Convert.ToHexString(data));
    }

    [Theory]
    [InlineData(1, 2, true)]
    [InlineData(1, 3, false)]
    public void Identity_is_detected_so_the_rewrite_can_be_skipped(int audioLevelId, int absSendTimeId, bool identity)
    {
        var rewriter = new RtpExtensionRewriter(
            [new(1, AudioLevel), new(2, AbsSendTime)],
            new Dictionary<string, int> { [AudioLevel] = audioLevelId, [AbsSendTime] = absSendTimeId },
            NeverForward);
        Assert.Equal(identity, rewriter.IsIdentity);
    }

    [Fact]
    public void Ids_above_fourteen_cannot_be_written_in_one_byte_form_and_are_blanked()
    {
        var rewriter = new RtpExtensionRewriter([new(1, AudioLevel)], new Dictionary<string, int> { [AudioLevel] = 20 }, NeverForward);
        var data = Convert.FromHexString("10AA0000");
        rewriter.Rewrite(0xBEDE, data);
        Assert.Equal("00000000", Convert.ToHexString(data));
    }
}
