using Messenger.MediaServer.Sdp;

namespace Messenger.MediaServer.Tests.Sdp;

/// <summary>Offers the SFU cannot take as a whole: each gives an error value naming what is missing and why.</summary>
public sealed class SdpAnswererErrorTests
{
    private static readonly string PcmuOnlyOffer = SdpSamples.Crlf("""
        v=0
        o=- 1 1 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0
        m=audio 9 UDP/TLS/RTP/SAVPF 0 8 101
        c=IN IP4 0.0.0.0
        a=ice-ufrag:abcd
        a=ice-pwd:abcdefghijklmnopqrstuvwx
        a=fingerprint:sha-256 4A:1F:9C:02:7B:33:E5:D8:10:6C:AA:42:97:0E:5B:C1:88:2D:F0:13:64:B9:7A:05:DE:31:8F:C6:29:54:E7:0B
        a=setup:actpass
        a=mid:0
        a=sendrecv
        a=rtcp-mux
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        """);

    private static string Without(string line) =>
        SdpSamples.MinimalVideoOffer.Replace(line + "\r\n", string.Empty, StringComparison.Ordinal);

    public static TheoryData<string, SdpErrorCode, string, string> Cases => new()
    {
        { Without("a=fingerprint:" + SdpSamples.ChromeFingerprint), SdpErrorCode.MissingAttribute, "a=fingerprint", "offer has no a=fingerprint" },
        { Without("a=ice-ufrag:abcd"), SdpErrorCode.MissingAttribute, "a=ice-ufrag", "offer has no a=ice-ufrag" },
        { Without("a=ice-pwd:abcdefghijklmnopqrstuvwx"), SdpErrorCode.MissingAttribute, "a=ice-pwd", "offer has no a=ice-pwd" },
        { Without("a=rtcp-mux"), SdpErrorCode.MissingAttribute, "a=rtcp-mux", "has no a=rtcp-mux" },
        { Without("a=mid:0"), SdpErrorCode.MissingAttribute, "a=mid", "has no a=mid" },
        {
            SdpSamples.MinimalVideoOffer.Replace("a=rtpmap:96 VP8/90000", "a=rtpmap:96 H264/90000", StringComparison.Ordinal),
            SdpErrorCode.NoSupportedCodec, "a=rtpmap", "offer has no Opus or VP8 codec (offered: H264, rtx)"
        },
        { PcmuOnlyOffer, SdpErrorCode.NoSupportedCodec, "a=rtpmap", "offer has no Opus or VP8 codec (offered: PCMU, PCMA, telephone-event)" },
        {
            SdpSamples.MinimalVideoOffer.Replace("a=setup:actpass", "a=setup:holdconn", StringComparison.Ordinal),
            SdpErrorCode.Unsupported, "a=setup", "holdconn"
        },
        {
            Without("a=group:BUNDLE 0") + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:1\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n",
            SdpErrorCode.Unsupported, "a=group", "offer has no a=group:BUNDLE"
        },
        {
            SdpSamples.MinimalVideoOffer.Replace("a=group:BUNDLE 0", "a=group:BUNDLE 0 1", StringComparison.Ordinal)
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:1\r\na=ice-ufrag:zzzz\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n",
            SdpErrorCode.Unsupported, "a=ice-ufrag", "different from 'abcd'"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Unusable_offer_is_an_error_value(string offerText, SdpErrorCode code, string field, string messagePart)
    {
        Assert.True(SdpParser.TryParse(offerText, out var offer, out var parseError), parseError?.ToString());

        var ok = new SdpAnswerer(SdpAnswererTests.Options()).TryCreateAnswer(offer, out var answer, out var error);

        Assert.False(ok);
        Assert.Null(answer);
        Assert.Equal(code, error!.Code);
        Assert.Equal(field, error.Field);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
        Assert.Contains(field == "a=rtpmap" ? "codec" : field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offer_with_only_a_data_channel_has_no_codec()
    {
        var offer = SdpSamples.Crlf("""
            v=0
            o=- 1 1 IN IP4 127.0.0.1
            s=-
            t=0 0
            m=application 9 UDP/DTLS/SCTP webrtc-datachannel
            a=mid:0
            """);
        Assert.True(SdpParser.TryParse(offer, out var parsed, out _));

        Assert.False(new SdpAnswerer(SdpAnswererTests.Options()).TryCreateAnswer(parsed, out _, out var error));
        Assert.Equal("offer has no Opus or VP8 codec (offered: none)", error!.Message);
    }
}
