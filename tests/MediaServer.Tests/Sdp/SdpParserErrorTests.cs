using Messenger.MediaServer.Sdp;

namespace Messenger.MediaServer.Tests.Sdp;

/// <summary>Each malformed input yields an error value naming the field and line; nothing throws.</summary>
public sealed class SdpParserErrorTests
{
    /// <summary>Replaces the first line starting with <paramref name="prefix"/> in the minimal offer.</summary>
    private static string Mutate(string prefix, string replacement)
    {
        var lines = SdpSamples.MinimalVideoOffer.Split("\r\n").ToList();
        var index = lines.FindIndex(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(index >= 0, prefix);
        if (replacement.Length == 0)
        {
            lines.RemoveAt(index);
        }
        else
        {
            lines[index] = replacement;
        }

        return string.Join("\r\n", lines);
    }

    public static TheoryData<string, string, string, SdpErrorCode, int> Cases => new()
    {
        // prefix to replace, replacement, expected field, expected code, expected line (0 = any)
        { "m=", "m=video 9 UDP/TLS/RTP/SAVPF", "m=", SdpErrorCode.Syntax, 6 },
        { "m=", "m=video nine UDP/TLS/RTP/SAVPF 96", "m=", SdpErrorCode.Syntax, 6 },
        { "m=", "m=video 70000 UDP/TLS/RTP/SAVPF 96", "m=", SdpErrorCode.Syntax, 6 },
        { "a=rtpmap:96", "a=rtpmap:96 VP8", "a=rtpmap", SdpErrorCode.Syntax, 15 },
        { "a=rtpmap:96", "a=rtpmap:96 VP8/fast", "a=rtpmap", SdpErrorCode.Syntax, 15 },
        { "a=rtpmap:96", "a=rtpmap:300 VP8/90000", "a=rtpmap", SdpErrorCode.Syntax, 15 },
        { "a=fmtp:97", "a=fmtp:x apt=96", "a=fmtp", SdpErrorCode.Syntax, 18 },
        { "a=rtcp-fb", "a=rtcp-fb:96", "a=rtcp-fb", SdpErrorCode.Syntax, 16 },
        { "a=fingerprint", "a=fingerprint:sha-256 not-hex", "a=fingerprint", SdpErrorCode.Syntax, 10 },
        { "a=fingerprint", "a=fingerprint:sha-256", "a=fingerprint", SdpErrorCode.Syntax, 10 },
        { "a=setup", "a=setup:sometimes", "a=setup", SdpErrorCode.Syntax, 11 },
        { "a=mid", "a=mid:", "a=mid", SdpErrorCode.Syntax, 12 },
        { "a=ice-ufrag", "a=ice-ufrag:", "a=ice-ufrag", SdpErrorCode.Syntax, 8 },
        { "a=sendonly", "a=candidate:1 1 udp 100 10.0.0.1 5000 typ magic", "a=candidate", SdpErrorCode.Syntax, 13 },
        { "a=sendonly", "a=candidate:1 1 udp 100 10.0.0.1", "a=candidate", SdpErrorCode.Syntax, 13 },
        { "a=sendonly", "a=extmap:0 urn:x", "a=extmap", SdpErrorCode.Syntax, 13 },
        { "a=sendonly", "a=ssrc:abc cname:x", "a=ssrc", SdpErrorCode.Syntax, 13 },
        { "a=sendonly", "a=ssrc-group:FID 1 x", "a=ssrc-group", SdpErrorCode.Syntax, 13 },
        { "a=sendonly", "a=rid:h both", "a=rid", SdpErrorCode.Syntax, 13 },
        { "a=sendonly", "a=rid:h/1 send", "a=rid", SdpErrorCode.Syntax, 13 },
        { "a=sendonly", "a=simulcast:send", "a=simulcast", SdpErrorCode.Syntax, 13 },
        { "a=sendonly", "a=simulcast:up h;m", "a=simulcast", SdpErrorCode.Syntax, 13 },
        { "a=group", "a=group:", "a=group", SdpErrorCode.Syntax, 5 },
        { "c=", "c=IN IP4", "c=", SdpErrorCode.Syntax, 7 },
        { "v=", "v=1", "v=", SdpErrorCode.Syntax, 1 },
        { "v=", "", "v=", SdpErrorCode.MissingLine, 1 },
        { "o=", "o=- 1 IN IP4 127.0.0.1", "o=", SdpErrorCode.Syntax, 2 },
        { "o=", "", "o=", SdpErrorCode.MissingLine, 0 },
        { "s=", "", "s=", SdpErrorCode.MissingLine, 0 },
        { "t=", "", "t=", SdpErrorCode.MissingLine, 0 },
        { "t=", "t=0", "t=", SdpErrorCode.Syntax, 4 },
        { "a=rtcp-mux", "garbage", "line", SdpErrorCode.Syntax, 14 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_input_is_an_error_value(
        string prefix, string replacement, string field, SdpErrorCode code, int line)
    {
        var text = Mutate(prefix, replacement);

        Assert.False(SdpParser.TryParse(text, out var description, out var error));
        Assert.Null(description);
        Assert.Equal(field, error!.Field);
        Assert.Equal(code, error.Code);
        if (line > 0)
        {
            Assert.Equal(line, error.Line);
            Assert.StartsWith($"line {line}: ", error.ToString(), StringComparison.Ordinal);
        }

        // The message itself names the field so it reads well in a log or HTTP 400 body.
        Assert.Contains(field.TrimEnd('='), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    [InlineData("hello")]
    [InlineData("m=audio 9 RTP/AVP 0")]
    public void Garbage_is_rejected_without_throwing(string text)
    {
        Assert.False(SdpParser.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error!.Message));
    }
}
