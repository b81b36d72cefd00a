using Messenger.MediaServer.Sdp;

namespace Messenger.MediaServer.Tests.Sdp;

public sealed class SdpWriterTests
{
    private static SessionDescription Parse(string text)
    {
        Assert.True(SdpParser.TryParse(text, out var description, out var error), error?.ToString());
        return description;
    }

    public static TheoryData<string> Samples => new() { SdpSamples.ChromeOffer, SdpSamples.FirefoxOffer, SdpSamples.MinimalVideoOffer };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Serialize_then_parse_gives_the_same_text(string sample)
    {
        var first = Parse(sample).ToString();
        var second = Parse(first).ToString();

        Assert.Equal(first, second);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Output_uses_crlf_and_keeps_every_attribute_line(string sample)
    {
        var written = Parse(sample).ToString();

        Assert.EndsWith("\r\n", written, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\n\r\n", written, StringComparison.Ordinal);
        Assert.DoesNotMatch("[^\r]\n", written);
        Assert.StartsWith("v=0\r\no=", written, StringComparison.Ordinal);

        // Every input line appears in the output (order inside a section may differ, content may not).
        var output = written.Split("\r\n").ToHashSet();
        foreach (var line in sample.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // Chromium writes "a=msid-semantic: WMS"; the writer drops the optional space.
            Assert.Contains(line.Replace("msid-semantic: ", "msid-semantic:", StringComparison.Ordinal), output);
        }
    }

    [Fact]
    public void Round_trip_preserves_the_model()
    {
        var original = Parse(SdpSamples.ChromeOffer);
        var again = Parse(original.ToString());

        Assert.Equal(original.Origin, again.Origin);
        Assert.Equal(original.Media.Count, again.Media.Count);
        for (var i = 0; i < original.Media.Count; i++)
        {
            var a = original.Media[i];
            var b = again.Media[i];
            Assert.Equal(a.Formats, b.Formats);
            Assert.Equal(a.RtpMaps, b.RtpMaps);
            Assert.Equal(a.Fmtps, b.Fmtps);
            Assert.Equal(a.RtcpFeedback, b.RtcpFeedback);
            Assert.Equal(a.Extmaps, b.Extmaps);
            Assert.Equal(a.Ssrcs, b.Ssrcs);
            Assert.Equal(a.Direction, b.Direction);
            Assert.Equal(a.Mid, b.Mid);
            Assert.Equal(a.Candidates.Select(c => c.ToString()), b.Candidates.Select(c => c.ToString()));
            Assert.Equal(a.Rids.Select(r => r.ToString()), b.Rids.Select(r => r.ToString()));
            Assert.Equal(a.Simulcast?.ToString(), b.Simulcast?.ToString());
        }
    }

    [Fact]
    public void Codec_attributes_are_grouped_by_payload_type_in_m_line_order()
    {
        var video = Parse(SdpSamples.FirefoxOffer).ToString().Split("\r\n").SkipWhile(l => !l.StartsWith("m=video", StringComparison.Ordinal)).ToList();

        var vp8 = video.IndexOf("a=rtpmap:120 VP8/90000");
        Assert.Equal("a=rtcp-fb:120 nack", video[vp8 + 1]);
        Assert.Equal("a=fmtp:120 max-fs=12288;max-fr=60", video[vp8 + 6]);
        Assert.Equal("a=rtpmap:124 rtx/90000", video[vp8 + 7]);
        Assert.Equal("a=fmtp:124 apt=120", video[vp8 + 8]);
    }
}
