namespace Messenger.MediaServer.Tests.Sdp;

/// <summary>
/// Hand-written offers shaped like what the browsers produce (attribute order, payload type numbering,
/// extension ids, candidate extensions), not copied from any captured session.
/// </summary>
internal static class SdpSamples
{
    public const string ChromeFingerprint =
        "sha-256 4A:1F:9C:02:7B:33:E5:D8:10:6C:AA:42:97:0E:5B:C1:88:2D:F0:13:64:B9:7A:05:DE:31:8F:C6:29:54:E7:0B";

    /// <summary>
    /// Chromium-style publisher offer: Opus + RED + G722/PCMU/PCMA/CN/telephone-event audio with a=ssrc lines;
    /// VP8/rtx, several H264 profiles, AV1, VP9, red/ulpfec video with three simulcast rids and no a=ssrc
    /// (Chromium omits them for rid-based simulcast). CRLF line ends.
    /// </summary>
    public static readonly string ChromeOffer = Crlf("""
        v=0
        o=- 4215775240449105457 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=extmap-allow-mixed
        a=msid-semantic: WMS 9d2f0e4c-stream
        m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=candidate:3577181045 1 udp 2122260223 192.0.2.20 54321 typ host generation 0 network-id 1 network-cost 10
        a=candidate:1606861649 1 udp 1686052607 203.0.113.7 61002 typ srflx raddr 192.0.2.20 rport 54321 generation 0 network-id 1 network-cost 10
        a=candidate:2386187245 1 tcp 1518280447 192.0.2.20 9 typ host tcptype active generation 0 network-id 1 network-cost 10
        a=ice-ufrag:Hb3k
        a=ice-pwd:QvpB0jB6cN1kDaLjDHu7Cpx9
        a=ice-options:trickle
        a=fingerprint:sha-256 4A:1F:9C:02:7B:33:E5:D8:10:6C:AA:42:97:0E:5B:C1:88:2D:F0:13:64:B9:7A:05:DE:31:8F:C6:29:54:E7:0B
        a=setup:actpass
        a=mid:0
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=sendonly
        a=msid:9d2f0e4c-stream 6b1a57c2-audio
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:111 opus/48000/2
        a=rtcp-fb:111 transport-cc
        a=fmtp:111 minptime=10;useinbandfec=1
        a=rtpmap:63 red/48000/2
        a=fmtp:63 111/111
        a=rtpmap:9 G722/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:13 CN/8000
        a=rtpmap:110 telephone-event/48000
        a=rtpmap:126 telephone-event/8000
        a=ssrc:1804137418 cname:mEaBb6Sxq2cKqYQ5
        a=ssrc:1804137418 msid:9d2f0e4c-stream 6b1a57c2-audio
        m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 105 106 107 108 109 127 125 39 40 45 46 98 99 100 101 116 117 118
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:Hb3k
        a=ice-pwd:QvpB0jB6cN1kDaLjDHu7Cpx9
        a=ice-options:trickle
        a=fingerprint:sha-256 4A:1F:9C:02:7B:33:E5:D8:10:6C:AA:42:97:0E:5B:C1:88:2D:F0:13:64:B9:7A:05:DE:31:8F:C6:29:54:E7:0B
        a=setup:actpass
        a=mid:1
        a=extmap:14 urn:ietf:params:rtp-hdrext:toffset
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:13 urn:3gpp:video-orientation
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
        a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type
        a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing
        a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
        a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
        a=sendonly
        a=msid:9d2f0e4c-stream 0c7e33aa-video
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 goog-remb
        a=rtcp-fb:96 transport-cc
        a=rtcp-fb:96 ccm fir
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96
        a=rtpmap:102 H264/90000
        a=rtcp-fb:102 goog-remb
        a=rtcp-fb:102 transport-cc
        a=rtcp-fb:102 ccm fir
        a=rtcp-fb:102 nack
        a=rtcp-fb:102 nack pli
        a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f
        a=rtpmap:103 rtx/90000
        a=fmtp:103 apt=102
        a=rtpmap:104 H264/90000
        a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f
        a=rtpmap:105 rtx/90000
        a=fmtp:105 apt=104
        a=rtpmap:106 H264/90000
        a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f
        a=rtpmap:107 rtx/90000
        a=fmtp:107 apt=106
        a=rtpmap:108 H264/90000
        a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f
        a=rtpmap:109 rtx/90000
        a=fmtp:109 apt=108
        a=rtpmap:127 H264/90000
        a=fmtp:127 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f
        a=rtpmap:125 rtx/90000
        a=fmtp:125 apt=127
        a=rtpmap:39 H264/90000
        a=fmtp:39 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f
        a=rtpmap:40 rtx/90000
        a=fmtp:40 apt=39
        a=rtpmap:45 AV1/90000
        a=rtcp-fb:45 nack
        a=rtcp-fb:45 nack pli
        a=fmtp:45 level-idx=5;profile=0;tier=0
        a=rtpmap:46 rtx/90000
        a=fmtp:46 apt=45
        a=rtpmap:98 VP9/90000
        a=fmtp:98 profile-id=0
        a=rtpmap:99 rtx/90000
        a=fmtp:99 apt=98
        a=rtpmap:100 VP9/90000
        a=fmtp:100 profile-id=2
        a=rtpmap:101 rtx/90000
        a=fmtp:101 apt=100
        a=rtpmap:116 red/90000
        a=rtpmap:117 rtx/90000
        a=fmtp:117 apt=116
        a=rtpmap:118 ulpfec/90000
        a=rid:h send
        a=rid:m send max-width=640;max-height=360
        a=rid:l send pt=96;max-fps=15
        a=simulcast:send h;m;l
        """);

    public const string FirefoxFingerprint =
        "sha-256 0B:8E:31:C4:52:7F:A9:16:D2:44:E8:09:6B:3D:F1:72:AC:5E:90:27:C8:13:4F:B6:61:DA:08:97:3E:E2:5C:7A";

    /// <summary>
    /// Firefox-style offer: fingerprint and a=sendrecv at session level, ICE credentials per section, extmaps with
    /// a direction, Opus on payload type 109, VP8 on 120 with rtx 124 and a=ssrc-group:FID. LF line ends.
    /// </summary>
    public const string FirefoxOffer = """
        v=0
        o=mozilla...THIS_IS_SDPARTA-128.0 7520623488766563434 0 IN IP4 0.0.0.0
        s=-
        t=0 0
        a=sendrecv
        a=fingerprint:sha-256 0B:8E:31:C4:52:7F:A9:16:D2:44:E8:09:6B:3D:F1:72:AC:5E:90:27:C8:13:4F:B6:61:DA:08:97:3E:E2:5C:7A
        a=group:BUNDLE 0 1
        a=ice-options:trickle
        a=msid-semantic:WMS *
        m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 101
        c=IN IP4 0.0.0.0
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level
        a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
        a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1
        a=fmtp:101 0-15
        a=ice-pwd:5b1c2e8f0a6d4c9e7f3a2b1c0d9e8f7a
        a=ice-ufrag:9f3c1a2e
        a=mid:0
        a=msid:{7d0c5a1e-2b3f-4c6d-8e9f-0a1b2c3d4e5f} {1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d}
        a=rtcp-mux
        a=rtpmap:109 opus/48000/2
        a=rtpmap:9 G722/8000/1
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000/1
        a=setup:actpass
        a=ssrc:2655508255 cname:{c9a8b7d6-e5f4-4321-8765-43210fedcba9}
        m=video 9 UDP/TLS/RTP/SAVPF 120 124 121 125 126 127 97 98 123 122 119
        c=IN IP4 0.0.0.0
        a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:4 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:5 urn:ietf:params:rtp-hdrext:toffset
        a=extmap:6/recvonly http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
        a=extmap:7 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=fmtp:126 profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=1
        a=fmtp:97 profile-level-id=42e01f;level-asymmetry-allowed=1
        a=fmtp:120 max-fs=12288;max-fr=60
        a=fmtp:124 apt=120
        a=fmtp:121 max-fs=12288;max-fr=60
        a=fmtp:125 apt=121
        a=fmtp:127 apt=126
        a=fmtp:98 apt=97
        a=fmtp:119 apt=122
        a=ice-pwd:5b1c2e8f0a6d4c9e7f3a2b1c0d9e8f7a
        a=ice-ufrag:9f3c1a2e
        a=mid:1
        a=msid:{7d0c5a1e-2b3f-4c6d-8e9f-0a1b2c3d4e5f} {9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b}
        a=rtcp-fb:120 nack
        a=rtcp-fb:120 nack pli
        a=rtcp-fb:120 ccm fir
        a=rtcp-fb:120 goog-remb
        a=rtcp-fb:120 transport-cc
        a=rtcp-fb:121 nack
        a=rtcp-fb:121 nack pli
        a=rtcp-fb:121 ccm fir
        a=rtcp-fb:121 goog-remb
        a=rtcp-fb:121 transport-cc
        a=rtcp-fb:126 nack
        a=rtcp-fb:126 nack pli
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:120 VP8/90000
        a=rtpmap:124 rtx/90000
        a=rtpmap:121 VP9/90000
        a=rtpmap:125 rtx/90000
        a=rtpmap:126 H264/90000
        a=rtpmap:127 rtx/90000
        a=rtpmap:97 H264/90000
        a=rtpmap:98 rtx/90000
        a=rtpmap:123 ulpfec/90000
        a=rtpmap:122 red/90000
        a=rtpmap:119 rtx/90000
        a=setup:actpass
        a=ssrc:3735928559 cname:{c9a8b7d6-e5f4-4321-8765-43210fedcba9}
        a=ssrc:1193046 cname:{c9a8b7d6-e5f4-4321-8765-43210fedcba9}
        a=ssrc-group:FID 3735928559 1193046
        """;

    /// <summary>A minimal valid single-section offer that error tests mutate one line at a time.</summary>
    public static readonly string MinimalVideoOffer = Crlf("""
        v=0
        o=- 1 1 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0
        m=video 9 UDP/TLS/RTP/SAVPF 96 97
        c=IN IP4 0.0.0.0
        a=ice-ufrag:abcd
        a=ice-pwd:abcdefghijklmnopqrstuvwx
        a=fingerprint:sha-256 4A:1F:9C:02:7B:33:E5:D8:10:6C:AA:42:97:0E:5B:C1:88:2D:F0:13:64:B9:7A:05:DE:31:8F:C6:29:54:E7:0B
        a=setup:actpass
        a=mid:0
        a=sendonly
        a=rtcp-mux
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 nack
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96
        """);

    public static string Crlf(string text) => text.ReplaceLineEndings("\r\n") + "\r\n";
}
