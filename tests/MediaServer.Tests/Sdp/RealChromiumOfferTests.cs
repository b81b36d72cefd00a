using Messenger.MediaServer.Sdp;

namespace Messenger.MediaServer.Tests.Sdp;

/// <summary>
/// The offer Chromium 156 really produced. The answers these tests build were also fed back to that Chromium
/// (setRemoteDescription) by hand during development and accepted, with simulcast encodings h,m,l kept.
/// </summary>
public sealed class RealChromiumOfferTests
{
    [Fact]
    public void Parses_everything_chromium_writes()
    {
        Assert.True(SdpParser.TryParse(RealChromiumOffer.Text, out var sdp, out var error), error?.ToString());

        Assert.Equal(["0", "1"], sdp.BundleGroup!.Mids);
        var video = sdp.Media[1];
        Assert.Equal(23, video.Formats.Count);
        Assert.Equal(13, video.Extmaps.Count);
        Assert.Equal(["h", "m", "l"], video.Rids.Select(r => r.Id));
        Assert.Equal(3, video.Simulcast!.Send.Count);
        Assert.Equal("rcvr-rtt=all", video.FindAttribute("rtcp-xr")!.Value);
        Assert.Equal(SdpDirection.SendOnly, video.Direction);
        Assert.Equal("FlTC6TILztXftHNT", sdp.Media[0].Ssrcs[0].Value);
    }

    [Fact]
    public void Is_answered_with_opus_vp8_rtx_and_simulcast()
    {
        var answer = SdpAnswererTests.Answer(RealChromiumOffer.Text);
        var session = answer.Session;

        Assert.Equal("uYVh", session.RemoteIceUfrag);
        Assert.Equal("PpHR+wMgIb4lPSl4NfwSszRd", session.RemoteIcePwd);
        Assert.StartsWith("18:DE:E5", session.RemoteFingerprint.Value, StringComparison.Ordinal);
        Assert.Equal((111, (int?)null), (session.Media[0].PayloadType, session.Media[0].RtxPayloadType));
        Assert.Equal((96, (int?)97), (session.Media[1].PayloadType, session.Media[1].RtxPayloadType));
        Assert.Equal(["h", "m", "l"], session.Media[1].Rids.Select(r => r.Id));
        Assert.Equal(1419565779u, Assert.Single(session.Media[0].RemoteSsrcs).Ssrc);

        var text = answer.Description.ToString();
        Assert.Contains("a=simulcast:recv h;m;l\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("dependency-descriptor", text, StringComparison.Ordinal);
        Assert.DoesNotContain("H264", text, StringComparison.Ordinal);
        Assert.DoesNotContain("a=rtcp-xr", text, StringComparison.Ordinal);
    }
}
