using System.Net;
using Messenger.MediaServer.Sdp;
using Messenger.MediaServer.Rtp;

namespace Messenger.MediaServer.Tests.Sdp;

public sealed class SdpOfferBuilderTests
{
    private static readonly SdpLocalTrack AudioTrack = new(1111, null, "sfu", "peer-7", "peer-7-audio");
    private static readonly SdpLocalTrack VideoTrack = new(2222, 3333, "sfu", "peer-7", "peer-7-video");

    private static SdpOfferBuilder Builder(ulong version = 1) => new(new SdpOfferOptions
    {
        IceUfrag = "srvU",
        IcePwd = "serverpasswordserverpwd1",
        Fingerprint = SdpAnswererTests.ServerFingerprint,
        Candidates = [new IPEndPoint(IPAddress.Loopback, 40000), new IPEndPoint(IPAddress.IPv6Loopback, 40001)],
        SessionId = "42",
        SessionVersion = version,
    });

    private static SessionDescription BuildAndReparse(ulong version = 1)
    {
        var offer = Builder(version).Build([SdpOfferMedia.Audio("a0", AudioTrack), SdpOfferMedia.Video("v0", VideoTrack)]);
        Assert.True(SdpParser.TryParse(offer.ToString(), out var parsed, out var error), error?.ToString());
        return parsed;
    }

    [Fact]
    public void Session_level_is_ice_lite_with_one_bundle()
    {
        var sdp = BuildAndReparse(version: 5);

        Assert.True(sdp.IceLite);
        Assert.Equal(["a0", "v0"], sdp.BundleGroup!.Mids);
        Assert.Equal("42", sdp.Origin.SessionId);
        Assert.Equal(5UL, sdp.Origin.SessionVersion);
    }

    [Fact]
    public void Every_section_carries_transport_attributes_and_actpass()
    {
        foreach (var media in BuildAndReparse().Media)
        {
            Assert.Equal(SdpSetupRole.ActPass, media.Setup);
            Assert.Equal(SdpDirection.SendOnly, media.Direction);
            Assert.Equal("srvU", media.IceUfrag);
            Assert.Equal(SdpAnswererTests.ServerFingerprint, Assert.Single(media.Fingerprints));
            Assert.True(media.RtcpMux);
            Assert.Equal(40000, media.Port);
            Assert.Equal(new SdpConnection("IN", "IP4", "127.0.0.1"), media.Connection);
            Assert.Equal(["127.0.0.1", "::1"], media.Candidates.Select(c => c.Address));
            Assert.True(media.Candidates[0].Priority > media.Candidates[1].Priority);
            Assert.True(media.EndOfCandidates);
        }
    }

    [Fact]
    public void Audio_section_has_opus_and_its_ssrc()
    {
        var audio = BuildAndReparse().Media[0];

        Assert.Equal("a0", audio.Mid);
        Assert.Equal(["111"], audio.Formats);
        Assert.Equal(new SdpRtpMap(111, "opus", 48000, 2), Assert.Single(audio.RtpMaps));
        Assert.Equal(new SdpFmtp(111, "minptime=10;useinbandfec=1"), Assert.Single(audio.Fmtps));
        Assert.Contains(audio.Extmaps, e => e.Uri == RtpExtensionUris.AudioLevel);
        Assert.Equal(new SdpMsid("peer-7", "peer-7-audio"), audio.Msid);
        Assert.Equal(
            [new SdpSsrcAttribute(1111, "cname", "sfu"), new SdpSsrcAttribute(1111, "msid", "peer-7 peer-7-audio")],
            audio.Ssrcs);
        Assert.Empty(audio.SsrcGroups);
    }

    [Fact]
    public void Video_section_has_vp8_rtx_feedback_and_fid_group()
    {
        var video = BuildAndReparse().Media[1];

        Assert.Equal(["96", "97"], video.Formats);
        Assert.Equal(new SdpRtpMap(97, "rtx", 90000), video.FindRtpMap(97));
        Assert.Equal("apt=96", video.FindFmtp(97)!.Parameters);
        Assert.Equal(
            ["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"],
            video.FeedbackFor(96).ConvertAll(f => f.Kind));
        Assert.Equal([1, 2, 3], video.Extmaps.ConvertAll(e => e.Id));
        var fid = Assert.Single(video.SsrcGroups);
        Assert.Equal("FID", fid.Semantics);
        Assert.Equal([2222u, 3333u], fid.Ssrcs);
        Assert.Equal(4, video.Ssrcs.Count);
    }

    [Fact]
    public void Section_without_track_has_no_ssrc_lines()
    {
        var offer = Builder().Build([SdpOfferMedia.Video("v0", null)]);

        Assert.Empty(offer.Media[0].Ssrcs);
        Assert.Null(offer.Media[0].Msid);
    }

    [Fact]
    public void Answerer_accepts_the_builders_offer_when_roles_are_swapped()
    {
        // The SFU's own offer, answered by another SFU instance: a cheap consistency check between the two halves.
        var offer = Builder().Build([SdpOfferMedia.Audio("a0", AudioTrack), SdpOfferMedia.Video("v0", VideoTrack)]);
        Assert.True(SdpParser.TryParse(offer.ToString(), out var parsed, out _));

        Assert.True(new SdpAnswerer(SdpAnswererTests.Options()).TryCreateAnswer(parsed, out var answer, out var error), error?.ToString());

        Assert.Equal(["a0", "v0"], answer.Session.BundleMids);
        Assert.All(answer.Session.Media, m => Assert.Equal(SdpDirection.RecvOnly, m.Direction));
        Assert.Equal(97, answer.Session.FindMedia("v0")!.RtxPayloadType);
        Assert.Equal(new KeyValuePair<uint, uint>(2222, 3333), Assert.Single(answer.Session.FindMedia("v0")!.RemoteRtxSsrcs));
        Assert.Equal(SdpSetupRole.Passive, answer.Session.LocalSetup);
    }
}
