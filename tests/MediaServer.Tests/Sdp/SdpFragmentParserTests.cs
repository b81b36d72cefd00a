using Messenger.MediaServer.Sdp;

namespace Messenger.MediaServer.Tests.Sdp;

public sealed class SdpFragmentParserTests
{
    /// <summary>A WHIP trickle PATCH body as RFC 9725 §4.3.1 describes it (RFC 8840 §9 format).</summary>
    private static readonly string TrickleBody = SdpSamples.Crlf("""
        a=ice-ufrag:EsAw
        a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y
        a=ice-options:trickle ice2
        a=group:BUNDLE 0 1
        m=audio 9 RTP/AVP 0
        a=mid:0
        a=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0 ufrag EsAw network-id 1
        a=candidate:473322822 1 tcp 1518280447 192.0.2.1 9 typ host tcptype active generation 0 ufrag EsAw network-id 1
        a=end-of-candidates
        m=video 9 RTP/AVP 0
        a=mid:1
        a=candidate:3471623853 1 udp 2122194687 198.51.100.2 61765 typ host generation 0 ufrag EsAw network-id 2
        """);

    [Fact]
    public void Parses_credentials_and_candidates_per_mid()
    {
        Assert.True(SdpFragmentParser.TryParse(TrickleBody, out var fragment, out var error), error?.ToString());

        Assert.Equal("EsAw", fragment.IceUfrag);
        Assert.Equal("bP+XJMM09aR8AiX1jdukzR6Y", fragment.IcePwd);
        Assert.Equal(["trickle", "ice2"], fragment.IceOptions);
        Assert.Equal(2, fragment.Media.Count);

        var audio = fragment.Media[0];
        Assert.Equal("0", audio.Mid);
        Assert.Equal(0, audio.MLineIndex);
        Assert.Equal(2, audio.Candidates.Count);
        Assert.Equal(61764, audio.Candidates[0].Port);
        Assert.True(audio.EndOfCandidates);
        Assert.Equal("EsAw", fragment.UfragFor(audio));

        var video = fragment.Media[1];
        Assert.Equal("1", video.Mid);
        Assert.Equal(1, video.MLineIndex);
        Assert.Equal("198.51.100.2", Assert.Single(video.Candidates).Address);
        Assert.False(video.EndOfCandidates);
    }

    [Fact]
    public void Media_level_credentials_override_session_level()
    {
        var body = SdpSamples.Crlf("""
            a=ice-ufrag:sess
            a=ice-pwd:sessionpasswordsessionpw
            m=audio 9 UDP/TLS/RTP/SAVPF 0
            a=mid:0
            a=ice-ufrag:media
            a=ice-pwd:mediapasswordmediapasswo
            """);

        Assert.True(SdpFragmentParser.TryParse(body, out var fragment, out _));

        Assert.Equal("media", fragment.UfragFor(fragment.Media[0]));
        Assert.Empty(fragment.Media[0].Candidates);
    }

    [Fact]
    public void Ice_restart_body_with_only_credentials()
    {
        Assert.True(SdpFragmentParser.TryParse("a=ice-ufrag:NewU\r\na=ice-pwd:newpasswordnewpassword12\r\n", out var fragment, out _));

        Assert.Equal("NewU", fragment.IceUfrag);
        Assert.Empty(fragment.Media);
    }

    [Fact]
    public void Writes_back_a_parseable_fragment()
    {
        Assert.True(SdpFragmentParser.TryParse(TrickleBody, out var fragment, out _));

        var text = fragment.ToString();
        Assert.True(SdpFragmentParser.TryParse(text, out var again, out var error), error?.ToString());

        Assert.Equal(fragment.IceUfrag, again.IceUfrag);
        Assert.Equal(
            fragment.Media.SelectMany(m => m.Candidates).Select(c => c.ToString()),
            again.Media.SelectMany(m => m.Candidates).Select(c => c.ToString()));
        Assert.True(again.Media[0].EndOfCandidates);
    }

    [Theory]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=candidate:1 1 udp 1 10.0.0.1 5000 typ host\r\n", "a=mid")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=mid:0\r\na=candidate:1 1 udp 1 10.0.0.1\r\n", "a=candidate")]
    [InlineData("a=ice-ufrag:\r\n", "a=ice-ufrag")]
    [InlineData("m=audio RTP/AVP 0\r\n", "m=")]
    public void Bad_fragments_are_error_values(string body, string field)
    {
        Assert.False(SdpFragmentParser.TryParse(body, out _, out var error));
        Assert.Equal(field, error!.Field);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }
}
