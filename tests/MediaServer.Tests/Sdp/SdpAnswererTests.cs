using System.Net;
using Messenger.MediaServer.Sdp;
using Messenger.MediaServer.Rtp;

namespace Messenger.MediaServer.Tests.Sdp;

public sealed class SdpAnswererTests
{
    internal static readonly SdpFingerprint ServerFingerprint = new(
        "sha-256", "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99");

    internal static SdpAnswererOptions Options(
        SdpDirection sendRecvAnswer = SdpDirection.SendRecv,
        SdpSetupRole actPassAnswer = SdpSetupRole.Passive,
        Dictionary<string, SdpLocalTrack>? tracks = null) => new()
    {
        IceUfrag = "srvU",
        IcePwd = "serverpasswordserverpwd1",
        Fingerprint = ServerFingerprint,
        Candidates = [new IPEndPoint(IPAddress.Parse("198.51.100.10"), 40000)],
        SendRecvAnswer = sendRecvAnswer,
        ActPassAnswer = actPassAnswer,
        LocalTracks = tracks ?? [],
        SessionId = "777",
    };

    internal static SdpAnswer Answer(string offerText, SdpAnswererOptions? options = null)
    {
        Assert.True(SdpParser.TryParse(offerText, out var offer, out var parseError), parseError?.ToString());
        Assert.True(new SdpAnswerer(options ?? Options()).TryCreateAnswer(offer, out var answer, out var error), error?.ToString());
        return answer;
    }

    private static SessionDescription Reparse(SdpAnswer answer)
    {
        Assert.True(SdpParser.TryParse(answer.Description.ToString(), out var parsed, out var error), error?.ToString());
        return parsed;
    }

    [Fact]
    public void Chrome_answer_session_and_transport()
    {
        var sdp = Reparse(Answer(SdpSamples.ChromeOffer));

        Assert.True(sdp.IceLite);
        Assert.Equal("777", sdp.Origin.SessionId);
        Assert.Equal(["0", "1"], sdp.BundleGroup!.Mids);
        Assert.True(sdp.ExtmapAllowMixed);
        Assert.Equal(2, sdp.Media.Count);
        foreach (var media in sdp.Media)
        {
            Assert.Equal(40000, media.Port);
            Assert.Equal("UDP/TLS/RTP/SAVPF", media.Protocol);
            Assert.Equal(new SdpConnection("IN", "IP4", "198.51.100.10"), media.Connection);
            Assert.Equal("srvU", media.IceUfrag);
            Assert.Equal("serverpasswordserverpwd1", media.IcePwd);
            Assert.Equal(ServerFingerprint, Assert.Single(media.Fingerprints));
            Assert.Equal(SdpSetupRole.Passive, media.Setup);
            Assert.True(media.RtcpMux);
            Assert.True(media.RtcpRsize);
            var candidate = Assert.Single(media.Candidates);
            Assert.Equal(SdpCandidateType.Host, candidate.Type);
            Assert.Equal("udp", candidate.Transport);
            Assert.Equal("198.51.100.10", candidate.Address);
            Assert.Equal(40000, candidate.Port);
            Assert.True(media.EndOfCandidates);
            Assert.Empty(media.Ssrcs);
        }
    }

    [Fact]
    public void Chrome_answer_audio_keeps_opus_with_offer_payload_type_and_fmtp()
    {
        var audio = Reparse(Answer(SdpSamples.ChromeOffer)).Media[0];

        Assert.Equal("0", audio.Mid);
        Assert.Equal(SdpDirection.RecvOnly, audio.Direction);
        Assert.Equal(["111"], audio.Formats);
        Assert.Equal(new SdpRtpMap(111, "opus", 48000, 2), Assert.Single(audio.RtpMaps));
        Assert.Equal(new SdpFmtp(111, "minptime=10;useinbandfec=1"), Assert.Single(audio.Fmtps));
        Assert.Equal(new SdpRtcpFeedback(111, "transport-cc"), Assert.Single(audio.RtcpFeedback));
        Assert.Equal([1, 2, 3, 4], audio.Extmaps.ConvertAll(e => e.Id));
    }

    [Fact]
    public void Chrome_answer_video_keeps_vp8_rtx_feedback_and_supported_extmaps()
    {
        var video = Reparse(Answer(SdpSamples.ChromeOffer)).Media[1];

        Assert.Equal(SdpDirection.RecvOnly, video.Direction);
        Assert.Equal(["96", "97"], video.Formats);
        Assert.Equal([new SdpRtpMap(96, "VP8", 90000), new SdpRtpMap(97, "rtx", 90000)], video.RtpMaps);
        Assert.Equal(new SdpFmtp(97, "apt=96"), Assert.Single(video.Fmtps));
        Assert.Equal(
            ["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"],
            video.FeedbackFor(96).ConvertAll(f => f.Kind));
        Assert.All(video.RtcpFeedback, f => Assert.Equal(96, f.PayloadType));

        // toffset, video-orientation, playout-delay, content-type, timing and color-space are dropped; ids kept.
        Assert.Equal(
            [
                new SdpExtmap(2, RtpExtensionUris.AbsSendTime),
                new SdpExtmap(3, RtpExtensionUris.TransportWideCc),
                new SdpExtmap(4, RtpExtensionUris.Mid),
                new SdpExtmap(10, RtpExtensionUris.Rid),
                new SdpExtmap(11, RtpExtensionUris.RepairedRid),
            ],
            video.Extmaps);
    }

    [Fact]
    public void Chrome_answer_accepts_simulcast_as_recv()
    {
        var answer = Answer(SdpSamples.ChromeOffer);
        var text = answer.Description.ToString();
        var video = Reparse(answer).Media[1];

        Assert.Contains("a=simulcast:recv h;m;l\r\n", text, StringComparison.Ordinal);
        Assert.Contains("a=rid:h recv\r\n", text, StringComparison.Ordinal);
        Assert.Contains("a=rid:m recv\r\n", text, StringComparison.Ordinal);
        Assert.Contains("a=rid:l recv\r\n", text, StringComparison.Ordinal);
        Assert.Empty(video.Simulcast!.Send);
        Assert.Equal(["h", "m", "l"], video.Simulcast.Recv.Select(s => Assert.Single(s).Rid));
        Assert.All(video.Rids, r => Assert.Null(r.Restrictions));
    }

    [Fact]
    public void Chrome_answer_summary_for_the_transport()
    {
        var session = Answer(SdpSamples.ChromeOffer).Session;

        Assert.Equal("Hb3k", session.RemoteIceUfrag);
        Assert.Equal("QvpB0jB6cN1kDaLjDHu7Cpx9", session.RemoteIcePwd);
        Assert.Equal(SdpSamples.ChromeFingerprint, session.RemoteFingerprint.ToString());
        Assert.Equal("sha-256", session.RemoteFingerprint.Algorithm);
        Assert.Equal(SdpSetupRole.ActPass, session.RemoteSetup);
        Assert.Equal(SdpSetupRole.Passive, session.LocalSetup);
        Assert.False(session.IsDtlsClient);
        Assert.Equal(["0", "1"], session.BundleMids);

        var audio = session.FindMedia("0")!;
        Assert.Equal("audio", audio.Kind);
        Assert.Equal(SdpDirection.RecvOnly, audio.Direction);
        Assert.Equal("opus", audio.CodecName);
        Assert.Equal(111, audio.PayloadType);
        Assert.Null(audio.RtxPayloadType);
        Assert.Equal(48000, audio.ClockRate);
        Assert.Equal(2, audio.Channels);
        Assert.Equal(1, audio.ExtensionId(RtpExtensionUris.AudioLevel));
        Assert.Equal(4, audio.ExtensionId(RtpExtensionUris.Mid));
        Assert.Null(audio.ExtensionId(RtpExtensionUris.Rid));
        var ssrc = Assert.Single(audio.RemoteSsrcs);
        Assert.Equal(new NegotiatedSsrc(1804137418, "mEaBb6Sxq2cKqYQ5", "9d2f0e4c-stream 6b1a57c2-audio"), ssrc);
        Assert.Equal(new SdpMsid("9d2f0e4c-stream", "6b1a57c2-audio"), audio.RemoteMsid);
        Assert.Empty(audio.Rids);

        var video = session.FindMedia("1")!;
        Assert.Equal("video", video.Kind);
        Assert.Equal("VP8", video.CodecName);
        Assert.Equal(96, video.PayloadType);
        Assert.Equal(97, video.RtxPayloadType);
        Assert.Equal(90000, video.ClockRate);
        Assert.Equal(["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"], video.Feedback);
        Assert.Equal(10, video.ExtensionId(RtpExtensionUris.Rid));
        Assert.Equal(11, video.ExtensionId(RtpExtensionUris.RepairedRid));
        Assert.Equal(3, video.ExtensionId(RtpExtensionUris.TransportWideCc));
        Assert.Equal(["h", "m", "l"], video.Rids.Select(r => r.Id));
        Assert.All(video.Rids, r => Assert.Equal(RidDirection.Send, r.Direction));
        Assert.Equal(640.ToString(System.Globalization.CultureInfo.InvariantCulture), video.Rids[1].Restrictions![0].Value);
        Assert.Empty(video.RemoteSsrcs);
        Assert.NotNull(video.Simulcast);
    }

    [Fact]
    public void Firefox_offer_sendrecv_with_fid_group()
    {
        var answer = Answer(SdpSamples.FirefoxOffer);
        var sdp = Reparse(answer);

        Assert.Equal(SdpDirection.SendRecv, sdp.Media[0].Direction);
        Assert.Equal(["109"], sdp.Media[0].Formats);
        Assert.Equal("maxplaybackrate=48000;stereo=1;useinbandfec=1", sdp.Media[0].FindFmtp(109)!.Parameters);
        Assert.Equal([1, 3], sdp.Media[0].Extmaps.ConvertAll(e => e.Id));
        Assert.Equal(["120", "124"], sdp.Media[1].Formats);
        Assert.Equal("apt=120", sdp.Media[1].FindFmtp(124)!.Parameters);
        Assert.Equal("max-fs=12288;max-fr=60", sdp.Media[1].FindFmtp(120)!.Parameters);

        var session = answer.Session;
        Assert.Equal("9f3c1a2e", session.RemoteIceUfrag);
        Assert.Equal(SdpSamples.FirefoxFingerprint, session.RemoteFingerprint.ToString());
        var video = session.FindMedia("1")!;
        Assert.Equal(120, video.PayloadType);
        Assert.Equal(124, video.RtxPayloadType);
        Assert.Equal(new KeyValuePair<uint, uint>(3735928559, 1193046), Assert.Single(video.RemoteRtxSsrcs));
        Assert.Equal([3735928559u, 1193046u], video.RemoteSsrcs.Select(s => s.Ssrc));
        Assert.Equal("{c9a8b7d6-e5f4-4321-8765-43210fedcba9}", video.RemoteSsrcs[0].Cname);
    }

    [Theory]
    [InlineData("sendonly", SdpDirection.SendRecv, false, SdpDirection.RecvOnly)]
    [InlineData("recvonly", SdpDirection.SendRecv, false, SdpDirection.Inactive)]
    [InlineData("recvonly", SdpDirection.SendRecv, true, SdpDirection.SendOnly)]
    [InlineData("sendrecv", SdpDirection.SendRecv, false, SdpDirection.SendRecv)]
    [InlineData("sendrecv", SdpDirection.RecvOnly, false, SdpDirection.RecvOnly)]
    [InlineData("sendrecv", SdpDirection.SendOnly, true, SdpDirection.SendOnly)]
    [InlineData("inactive", SdpDirection.SendRecv, true, SdpDirection.Inactive)]
    public void Directions_are_reversed(string offered, SdpDirection sendRecvAnswer, bool withTrack, SdpDirection expected)
    {
        var tracks = withTrack ? new Dictionary<string, SdpLocalTrack> { ["0"] = Track } : null;
        var offer = SdpSamples.MinimalVideoOffer.Replace("a=sendonly", "a=" + offered, StringComparison.Ordinal);

        var answer = Answer(offer, Options(sendRecvAnswer, tracks: tracks));

        Assert.Equal(expected, Reparse(answer).Media[0].Direction);
        Assert.Equal(expected, answer.Session.Media[0].Direction);
    }

    private static readonly SdpLocalTrack Track = new(0x11223344, 0x55667788, "sfu-cname", "room-1", "track-v");

    [Fact]
    public void Sending_section_announces_the_callers_ssrcs_msid_and_fid_group()
    {
        var offer = SdpSamples.MinimalVideoOffer.Replace("a=sendonly", "a=recvonly", StringComparison.Ordinal);
        var answer = Answer(offer, Options(tracks: new() { ["0"] = Track }));
        var video = Reparse(answer).Media[0];

        Assert.Equal(new SdpMsid("room-1", "track-v"), video.Msid);
        Assert.Equal(new SdpSsrcGroup("FID", [0x11223344u, 0x55667788u]).ToString(), Assert.Single(video.SsrcGroups).ToString());
        Assert.Contains(new SdpSsrcAttribute(0x11223344, "cname", "sfu-cname"), video.Ssrcs);
        Assert.Contains(new SdpSsrcAttribute(0x55667788, "msid", "room-1 track-v"), video.Ssrcs);
        Assert.Same(Track, answer.Session.Media[0].LocalTrack);
    }

    [Fact]
    public void Receiving_section_ignores_a_supplied_track()
    {
        var answer = Answer(SdpSamples.MinimalVideoOffer, Options(tracks: new() { ["0"] = Track }));
        var video = Reparse(answer).Media[0];

        Assert.Equal(SdpDirection.RecvOnly, video.Direction);
        Assert.Empty(video.Ssrcs);
        Assert.Null(video.Msid);
        Assert.Null(answer.Session.Media[0].LocalTrack);
    }

    [Fact]
    public void First_supported_codec_is_chosen_with_offer_payload_types()
    {
        var offer = SdpSamples.MinimalVideoOffer
            .Replace("m=video 9 UDP/TLS/RTP/SAVPF 96 97", "m=video 9 UDP/TLS/RTP/SAVPF 102 103 100 101 98", StringComparison.Ordinal)
            .Replace(
                "a=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 nack\r\na=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n",
                "a=rtpmap:102 H264/90000\r\na=rtpmap:103 rtx/90000\r\na=fmtp:103 apt=102\r\n"
                + "a=rtpmap:100 vp8/90000\r\na=rtcp-fb:* nack\r\na=rtcp-fb:100 nack pli\r\na=rtcp-fb:100 x-unknown\r\n"
                + "a=rtpmap:101 rtx/90000\r\na=fmtp:101 apt=100\r\na=rtpmap:98 VP8/90000\r\n",
                StringComparison.Ordinal);

        var answer = Answer(offer);
        var video = Reparse(answer).Media[0];

        Assert.Equal(["100", "101"], video.Formats);
        Assert.Equal(new SdpRtpMap(100, "vp8", 90000), video.RtpMaps[0]);
        Assert.Equal(new SdpFmtp(101, "apt=100"), Assert.Single(video.Fmtps));
        Assert.Equal(["nack", "nack pli"], video.RtcpFeedback.ConvertAll(f => f.Kind));
        Assert.All(video.RtcpFeedback, f => Assert.Equal(100, f.PayloadType));
        Assert.Equal(101, answer.Session.Media[0].RtxPayloadType);
    }

    [Fact]
    public void Vp8_without_rtx_is_accepted_alone()
    {
        var offer = SdpSamples.MinimalVideoOffer.Replace("a=fmtp:97 apt=96\r\n", string.Empty, StringComparison.Ordinal);

        var answer = Answer(offer);

        Assert.Equal(["96"], Reparse(answer).Media[0].Formats);
        Assert.Null(answer.Session.Media[0].RtxPayloadType);
    }

    [Fact]
    public void Section_without_supported_codec_is_rejected_but_others_accepted()
    {
        var offer = SdpSamples.ChromeOffer
            .Replace("m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126", "m=audio 9 UDP/TLS/RTP/SAVPF 0 8", StringComparison.Ordinal)
            .Replace("a=rtpmap:111 opus/48000/2\r\n", string.Empty, StringComparison.Ordinal);

        var answer = Answer(offer);
        var sdp = Reparse(answer);

        Assert.Equal(0, sdp.Media[0].Port);
        Assert.True(sdp.Media[0].IsRejected);
        Assert.Equal("0", sdp.Media[0].Mid);
        Assert.Empty(sdp.Media[0].Candidates);
        Assert.Equal(40000, sdp.Media[1].Port);
        Assert.Equal(["1"], sdp.BundleGroup!.Mids);
        Assert.Equal(["1"], answer.Session.BundleMids);
        Assert.Equal("1", Assert.Single(answer.Session.Media).Mid);
    }

    [Fact]
    public void Data_channel_and_unbundled_sections_are_rejected()
    {
        var offer = SdpSamples.MinimalVideoOffer + SdpSamples.Crlf("""
            m=application 9 UDP/DTLS/SCTP webrtc-datachannel
            c=IN IP4 0.0.0.0
            a=mid:dc
            a=sctp-port:5000
            m=video 9 UDP/TLS/RTP/SAVPF 96
            c=IN IP4 0.0.0.0
            a=mid:outside
            a=rtcp-mux
            a=rtpmap:96 VP8/90000
            """);

        var sdp = Reparse(Answer(offer));

        Assert.Equal([40000, 0, 0], sdp.Media.Select(m => m.Port));
        Assert.Equal("application", sdp.Media[1].Kind);
        Assert.Equal(["webrtc-datachannel"], sdp.Media[1].Formats);
        Assert.Equal("dc", sdp.Media[1].Mid);
        Assert.Equal(["0"], sdp.BundleGroup!.Mids);
    }

    [Theory]
    [InlineData("actpass", SdpSetupRole.Passive, SdpSetupRole.Passive)]
    [InlineData("actpass", SdpSetupRole.Active, SdpSetupRole.Active)]
    [InlineData("active", SdpSetupRole.Active, SdpSetupRole.Passive)]
    [InlineData("passive", SdpSetupRole.Passive, SdpSetupRole.Active)]
    public void Dtls_setup_roles(string offered, SdpSetupRole actPassAnswer, SdpSetupRole expected)
    {
        var offer = SdpSamples.MinimalVideoOffer.Replace("a=setup:actpass", "a=setup:" + offered, StringComparison.Ordinal);

        var answer = Answer(offer, Options(actPassAnswer: actPassAnswer));

        Assert.Equal(expected, Reparse(answer).Media[0].Setup);
        Assert.Equal(expected, answer.Session.LocalSetup);
        Assert.Equal(expected == SdpSetupRole.Active, answer.Session.IsDtlsClient);
    }

    [Theory]
    [InlineData("a=simulcast:send h;m;~l", "a=simulcast:recv h;m;~l", "h,m,l")]
    [InlineData("a=simulcast:send h;m;l;x", "a=simulcast:recv h;m;l", "h,m,l")]
    [InlineData("a=simulcast:send h,m;l recv r", "a=simulcast:recv h,m;l", "h,m,l")]
    [InlineData("a=simulcast:send l;m", "a=simulcast:recv l;m", "l,m")]
    public void Simulcast_variants(string offered, string expected, string rids)
    {
        var offer = SdpSamples.MinimalVideoOffer + $"a=rid:h send\r\na=rid:m send\r\na=rid:l send\r\n{offered}\r\n";

        var answer = Answer(offer);
        var text = answer.Description.ToString();

        Assert.Contains(expected + "\r\n", text, StringComparison.Ordinal);
        Assert.Equal(rids.Split(','), answer.Session.Media[0].Rids.Select(r => r.Id));
        Assert.DoesNotContain("a=rid:x", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" send", text.Split("a=simulcast:")[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Simulcast_is_dropped_when_the_answer_does_not_receive()
    {
        var offer = SdpSamples.MinimalVideoOffer.Replace("a=sendonly", "a=inactive", StringComparison.Ordinal)
            + "a=rid:h send\r\na=rid:l send\r\na=simulcast:send h;l\r\n";

        var answer = Answer(offer);

        Assert.Null(Reparse(answer).Media[0].Simulcast);
        Assert.Empty(Reparse(answer).Media[0].Rids);
        Assert.Empty(answer.Session.Media[0].Rids);
    }

    [Fact]
    public void Extmap_direction_is_reversed_and_unknown_uris_dropped()
    {
        var offer = SdpSamples.MinimalVideoOffer
            + "a=extmap:4/sendonly urn:ietf:params:rtp-hdrext:sdes:mid\r\na=extmap:9 urn:example:unknown\r\n";

        var video = Reparse(Answer(offer)).Media[0];

        Assert.Equal(new SdpExtmap(4, RtpExtensionUris.Mid, SdpDirection.RecvOnly), Assert.Single(video.Extmaps));
    }

    [Fact]
    public void Session_level_ice_credentials_and_fingerprint_are_used()
    {
        var offer = SdpSamples.MinimalVideoOffer
            .Replace("a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n", string.Empty, StringComparison.Ordinal)
            .Replace("a=group:BUNDLE 0\r\n", "a=group:BUNDLE 0\r\na=ice-ufrag:sess\r\na=ice-pwd:sessionpasswordsession12\r\n", StringComparison.Ordinal);

        var session = Answer(offer).Session;

        Assert.Equal("sess", session.RemoteIceUfrag);
        Assert.Equal("sessionpasswordsession12", session.RemoteIcePwd);
    }

    [Fact]
    public void Answer_without_candidates_uses_the_jsep_placeholder()
    {
        var options = Options();
        var noCandidates = new SdpAnswererOptions
        {
            IceUfrag = options.IceUfrag,
            IcePwd = options.IcePwd,
            Fingerprint = options.Fingerprint,
        };

        var video = Reparse(Answer(SdpSamples.MinimalVideoOffer, noCandidates)).Media[0];

        Assert.Equal(9, video.Port);
        Assert.Equal(SdpConnection.Placeholder, video.Connection);
        Assert.Empty(video.Candidates);
    }
}
