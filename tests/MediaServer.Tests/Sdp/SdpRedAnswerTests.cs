using System.Net;
using Messenger.MediaServer.Sdp;
using Messenger.MediaServer.Whip;

namespace Messenger.MediaServer.Tests.Sdp;

/// <summary>RFC 2198 red around Opus is accepted alongside it when the capability allows red.</summary>
public sealed class SdpRedAnswerTests
{
    [Fact]
    public void Real_chromium_offer_is_answered_with_opus_then_red()
    {
        var answer = Answer(RealChromiumOffer.Text);
        var audio = Reparse(answer).Media[0];

        Assert.Equal(["111", "63"], audio.Formats);
        Assert.Equal(new SdpRtpMap(63, "red", 48000, 2), audio.FindRtpMap(63));
        Assert.Equal("111/111", audio.FindFmtp(63)!.Parameters);
        Assert.Equal("minptime=10;useinbandfec=1", audio.FindFmtp(111)!.Parameters);
        Assert.Empty(audio.FeedbackFor(63));
        Assert.Equal((111, (int?)63), (answer.Session.Media[0].PayloadType, answer.Session.Media[0].RedPayloadType));
    }

    [Fact]
    public void Video_red_is_never_accepted()
    {
        var answer = Answer(RealChromiumOffer.Text);

        Assert.Null(answer.Session.Media[1].RedPayloadType);
        Assert.DoesNotContain("118", Reparse(answer).Media[1].Formats);
    }

    [Fact]
    public void Red_offered_first_stays_first_so_the_sender_uses_it()
    {
        var offer = RealChromiumOffer.Text.Replace("SAVPF 111 63 9", "SAVPF 63 111 9", StringComparison.Ordinal);

        var answer = Answer(offer);

        Assert.Equal(["63", "111"], Reparse(answer).Media[0].Formats);
        Assert.Equal((111, (int?)63), (answer.Session.Media[0].PayloadType, answer.Session.Media[0].RedPayloadType));
    }

    [Theory]
    [InlineData("a=fmtp:63 111/0")] // a block of a codec we do not forward
    [InlineData("a=fmtp:63 0/0")]
    [InlineData("a=fmtp:63 x")]
    [InlineData("")] // no fmtp at all: the blocks are unknown
    public void Red_that_does_not_wrap_only_our_opus_is_refused(string fmtpLine)
    {
        var offer = RealChromiumOffer.Text.Replace("a=fmtp:63 111/111\r\n", fmtpLine.Length > 0 ? fmtpLine + "\r\n" : "", StringComparison.Ordinal);
        Assert.NotEqual(RealChromiumOffer.Text, offer);

        var answer = Answer(offer);

        Assert.Equal(["111"], Reparse(answer).Media[0].Formats);
        Assert.Null(answer.Session.Media[0].RedPayloadType);
    }

    [Fact]
    public void Red_is_not_accepted_when_the_capability_does_not_allow_it()
    {
        var answer = SdpAnswererTests.Answer(RealChromiumOffer.Text);

        Assert.Null(answer.Session.Media[0].RedPayloadType);
        Assert.Equal(["111"], Reparse(answer).Media[0].Formats);
    }

    private static SdpAnswer Answer(string offerText) => SdpAnswererTests.Answer(offerText, new SdpAnswererOptions
    {
        IceUfrag = "srvU",
        IcePwd = "serverpasswordserverpwd1",
        Fingerprint = SdpAnswererTests.ServerFingerprint,
        Candidates = [new IPEndPoint(IPAddress.Parse("198.51.100.10"), 40000)],
        Codecs = MediaCapabilities.Codecs,
        HeaderExtensions = MediaCapabilities.HeaderExtensions,
        SendRecvAnswer = SdpDirection.RecvOnly,
        SessionId = "777",
    });

    private static SessionDescription Reparse(SdpAnswer answer)
    {
        Assert.True(SdpParser.TryParse(answer.Description.ToString(), out var parsed, out var error), error?.ToString());
        return parsed;
    }
}
