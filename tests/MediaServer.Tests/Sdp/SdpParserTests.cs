using Messenger.MediaServer.Sdp;

namespace Messenger.MediaServer.Tests.Sdp;

public sealed class SdpParserTests
{
    private static SessionDescription Parse(string text)
    {
        Assert.True(SdpParser.TryParse(text, out var description, out var error), error?.ToString());
        return description;
    }

    [Fact]
    public void Chrome_offer_session_level()
    {
        var sdp = Parse(SdpSamples.ChromeOffer);

        Assert.Equal("4215775240449105457", sdp.Origin.SessionId);
        Assert.Equal(2UL, sdp.Origin.SessionVersion);
        Assert.Equal("127.0.0.1", sdp.Origin.Address);
        Assert.Equal("-", sdp.SessionName);
        Assert.Equal(new SdpTiming(0, 0), sdp.Timing);
        Assert.Equal(["0", "1"], sdp.BundleGroup!.Mids);
        Assert.True(sdp.ExtmapAllowMixed);
        Assert.Equal("WMS 9d2f0e4c-stream", sdp.MsidSemantic);
        Assert.False(sdp.IceLite);
        Assert.Equal(2, sdp.Media.Count);
    }

    [Fact]
    public void Chrome_offer_audio_section()
    {
        var audio = Parse(SdpSamples.ChromeOffer).Media[0];

        Assert.Equal("audio", audio.Kind);
        Assert.Equal(9, audio.Port);
        Assert.Equal("UDP/TLS/RTP/SAVPF", audio.Protocol);
        Assert.Equal(["111", "63", "9", "0", "8", "13", "110", "126"], audio.Formats);
        Assert.Equal(new SdpConnection("IN", "IP4", "0.0.0.0"), audio.Connection);
        Assert.Equal("0", audio.Mid);
        Assert.Equal(SdpDirection.SendOnly, audio.Direction);
        Assert.True(audio.RtcpMux);
        Assert.True(audio.RtcpRsize);
        Assert.Equal("Hb3k", audio.IceUfrag);
        Assert.Equal("QvpB0jB6cN1kDaLjDHu7Cpx9", audio.IcePwd);
        Assert.Equal(["trickle"], audio.IceOptions);
        Assert.Equal(SdpSetupRole.ActPass, audio.Setup);
        var fingerprint = Assert.Single(audio.Fingerprints);
        Assert.Equal("sha-256", fingerprint.Algorithm);
        Assert.True(fingerprint.TryGetDigest(out var digest));
        Assert.Equal(32, digest.Length);
        Assert.Equal(0x4A, digest[0]);

        Assert.Equal(new SdpRtpMap(111, "opus", 48000, 2), audio.FindRtpMap(111));
        Assert.Equal(new SdpRtpMap(0, "PCMU", 8000), audio.FindRtpMap(0));
        Assert.Equal("minptime=10;useinbandfec=1", audio.FindFmtp(111)!.Parameters);
        Assert.True(audio.FindFmtp(111)!.TryGetParameter("useinbandfec", out var fec));
        Assert.Equal("1", fec);
        Assert.Equal("transport-cc", Assert.Single(audio.FeedbackFor(111)).Kind);
        Assert.Equal(4, audio.Extmaps.Count);
        Assert.Equal(new SdpExtmap(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"), audio.Extmaps[0]);
        Assert.Equal(new SdpMsid("9d2f0e4c-stream", "6b1a57c2-audio"), audio.Msid);
        Assert.Equal(new SdpSsrcAttribute(1804137418, "cname", "mEaBb6Sxq2cKqYQ5"), audio.Ssrcs[0]);
        Assert.Equal("9d2f0e4c-stream 6b1a57c2-audio", audio.Ssrcs[1].Value);

        // a=rtcp is not interpreted but must survive.
        Assert.Equal("9 IN IP4 0.0.0.0", audio.FindAttribute("rtcp")!.Value);
    }

    [Fact]
    public void Chrome_offer_candidates_become_structs()
    {
        var audio = Parse(SdpSamples.ChromeOffer).Media[0];

        Assert.Equal(3, audio.Candidates.Count);
        var host = audio.Candidates[0];
        Assert.Equal("3577181045", host.Foundation);
        Assert.Equal(1, host.Component);
        Assert.Equal("udp", host.Transport);
        Assert.Equal(2122260223u, host.Priority);
        Assert.Equal("192.0.2.20", host.Address);
        Assert.Equal(54321, host.Port);
        Assert.Equal(SdpCandidateType.Host, host.Type);
        Assert.Equal("10", host.GetExtension("network-cost"));

        var srflx = audio.Candidates[1];
        Assert.Equal(SdpCandidateType.ServerReflexive, srflx.Type);
        Assert.Equal("192.0.2.20", srflx.RelatedAddress);
        Assert.Equal(54321, srflx.RelatedPort);

        var tcp = audio.Candidates[2];
        Assert.Equal("tcp", tcp.Transport);
        Assert.Equal("active", tcp.GetExtension("tcptype"));
        Assert.False(audio.EndOfCandidates);
    }

    [Fact]
    public void Chrome_offer_video_section_with_codecs_rtx_and_simulcast()
    {
        var video = Parse(SdpSamples.ChromeOffer).Media[1];

        Assert.Equal("video", video.Kind);
        Assert.Equal(23, video.Formats.Count);
        Assert.Equal(23, video.RtpMaps.Count);
        Assert.Equal(new SdpRtpMap(45, "AV1", 90000), video.FindRtpMap(45));
        Assert.Equal(new SdpRtpMap(118, "ulpfec", 90000), video.FindRtpMap(118));
        Assert.Equal("apt=96", video.FindFmtp(97)!.Parameters);
        Assert.Equal(
            ["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"],
            video.FeedbackFor(96).ConvertAll(f => f.Kind));
        Assert.Equal(11, video.Extmaps.Count);
        Assert.Contains(video.Extmaps, e => e.Id == 10 && e.Uri == "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id");

        Assert.Equal(3, video.Rids.Count);
        Assert.Equal(new SdpRid("h", RidDirection.Send), video.Rids[0]);
        Assert.Equal(RidDirection.Send, video.Rids[1].Direction);
        Assert.Equal(
            [new KeyValuePair<string, string>("max-width", "640"), new("max-height", "360")],
            video.Rids[1].Restrictions!);
        Assert.Equal([96], video.Rids[2].PayloadTypes!);
        Assert.Equal("max-fps", Assert.Single(video.Rids[2].Restrictions!).Key);

        var simulcast = video.Simulcast!;
        Assert.Empty(simulcast.Recv);
        Assert.Equal(3, simulcast.Send.Count);
        Assert.Equal(new SdpSimulcastFormat("h"), Assert.Single(simulcast.Send[0]));
        Assert.Equal(new SdpSimulcastFormat("l"), Assert.Single(simulcast.Send[2]));
        Assert.Empty(video.Ssrcs);
    }

    [Fact]
    public void Firefox_offer_with_session_level_fingerprint_and_direction()
    {
        var sdp = Parse(SdpSamples.FirefoxOffer);

        Assert.Equal("mozilla...THIS_IS_SDPARTA-128.0", sdp.Origin.Username);
        Assert.Equal("sha-256", Assert.Single(sdp.Fingerprints).Algorithm);
        Assert.Equal(["trickle"], sdp.IceOptions);
        Assert.Equal("WMS *", sdp.MsidSemantic);
        Assert.Null(sdp.IceUfrag);

        var audio = sdp.Media[0];
        Assert.Empty(audio.Fingerprints);
        Assert.Equal("9f3c1a2e", audio.IceUfrag);
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        Assert.Equal(new SdpRtpMap(9, "G722", 8000, 1), audio.FindRtpMap(9));
        Assert.Equal(new SdpExtmap(2, "urn:ietf:params:rtp-hdrext:csrc-audio-level", SdpDirection.RecvOnly), audio.Extmaps[1]);
        Assert.Equal("{7d0c5a1e-2b3f-4c6d-8e9f-0a1b2c3d4e5f}", audio.Msid!.StreamId);

        var video = sdp.Media[1];
        Assert.Equal(new SdpRtpMap(120, "VP8", 90000), video.FindRtpMap(120));
        Assert.Equal("apt=120", video.FindFmtp(124)!.Parameters);
        var fid = Assert.Single(video.SsrcGroups);
        Assert.Equal("FID", fid.Semantics);
        Assert.Equal([3735928559u, 1193046u], fid.Ssrcs);
    }

    [Fact]
    public void Session_level_direction_applies_only_where_media_has_none()
    {
        var text = SdpSamples.Crlf("""
            v=0
            o=- 1 1 IN IP4 127.0.0.1
            s=-
            t=0 0
            a=recvonly
            m=audio 9 UDP/TLS/RTP/SAVPF 111
            a=mid:a
            m=audio 9 UDP/TLS/RTP/SAVPF 111
            a=mid:b
            a=sendonly
            """);

        var sdp = Parse(text);

        Assert.Equal(SdpDirection.RecvOnly, sdp.Media[0].Direction);
        Assert.Equal(SdpDirection.SendOnly, sdp.Media[1].Direction);
    }

    [Fact]
    public void Unknown_attributes_and_lines_are_kept()
    {
        var text = SdpSamples.Crlf("""
            v=0
            o=- 1 1 IN IP4 127.0.0.1
            s=-
            i=some info
            t=0 0
            a=x-custom:42
            m=application 9 UDP/DTLS/SCTP webrtc-datachannel
            b=AS:30
            a=mid:2
            a=sctp-port:5000
            a=max-message-size:262144
            a=x-flag
            """);

        var sdp = Parse(text);

        Assert.Equal(new SdpAttribute("x-custom", "42"), Assert.Single(sdp.Attributes));
        Assert.Equal(new SdpLine('i', "some info"), Assert.Single(sdp.OtherLines));
        var app = sdp.Media[0];
        Assert.Equal(["webrtc-datachannel"], app.Formats);
        Assert.Equal("5000", app.FindAttribute("sctp-port")!.Value);
        Assert.Null(app.FindAttribute("x-flag")!.Value);
        Assert.Equal(new SdpLine('b', "AS:30"), Assert.Single(app.OtherLines));
    }

    [Theory]
    [InlineData("send h;m;l", 3, 0)]
    [InlineData("recv a;b", 0, 2)]
    [InlineData("send h,h2;~l recv x", 2, 1)]
    [InlineData("send rid=a;b;c", 3, 0)]
    public void Simulcast_lists(string value, int sendCount, int recvCount)
    {
        Assert.True(SdpSimulcast.TryParse(value, out var simulcast, out var problem), problem);
        Assert.Equal(sendCount, simulcast!.Send.Count);
        Assert.Equal(recvCount, simulcast.Recv.Count);
    }

    [Fact]
    public void Simulcast_alternatives_and_paused_marker()
    {
        Assert.True(SdpSimulcast.TryParse("send h,h2;~l recv x", out var simulcast, out _));

        Assert.Equal([new SdpSimulcastFormat("h"), new SdpSimulcastFormat("h2")], simulcast!.Send[0]);
        Assert.Equal(new SdpSimulcastFormat("l", Paused: true), Assert.Single(simulcast.Send[1]));
        Assert.Equal("send h,h2;~l recv x", simulcast.ToString());
        Assert.Equal("send x recv h,h2;~l", simulcast.Reverse().ToString());
    }

    [Theory]
    [InlineData("1 urn:a", 1, null)]
    [InlineData("14/sendonly urn:a", 14, SdpDirection.SendOnly)]
    [InlineData("255/inactive urn:a", 255, SdpDirection.Inactive)]
    [InlineData("4096 urn:a", 4096, null)]
    public void Extmap_ids_and_directions(string value, int id, SdpDirection? direction)
    {
        Assert.True(SdpExtmap.TryParse(value, out var extmap, out var problem), problem);
        Assert.Equal(id, extmap!.Id);
        Assert.Equal(direction, extmap.Direction);
        Assert.Equal("urn:a", extmap.Uri);
        Assert.Equal(value, extmap.ToString());
    }

    [Theory]
    [InlineData("0 urn:a")]
    [InlineData("256 urn:a")]
    [InlineData("3/both urn:a")]
    [InlineData("3")]
    public void Extmap_rejects_bad_values(string value)
    {
        Assert.False(SdpExtmap.TryParse(value, out _, out var problem));
        Assert.NotNull(problem);
    }

    [Theory]
    [InlineData("* nack", null, "nack")]
    [InlineData("96 nack pli", 96, "nack pli")]
    [InlineData("96 ccm fir", 96, "ccm fir")]
    public void Rtcp_feedback(string value, int? pt, string kind)
    {
        Assert.True(SdpRtcpFeedback.TryParse(value, out var feedback, out _));
        Assert.Equal(pt, feedback!.PayloadType);
        Assert.Equal(kind, feedback.Kind);
        Assert.Equal(value, feedback.ToString());
    }
}
