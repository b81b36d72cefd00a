using System.Net;
using Messenger.MediaServer.Sdp;

namespace Messenger.MediaServer.Tests.Sdp;

public sealed class SdpCandidateTests
{
    [Theory]
    [InlineData("842163049 1 udp 1677729535 203.0.113.9 52200 typ srflx raddr 0.0.0.0 rport 0 generation 0 network-cost 999")]
    [InlineData("1 1 udp 2130706431 2cf0b2c0-0842-4fe3-aaa0-4556a2dfbadc.local 33192 typ host generation 0")]
    [InlineData("2 1 tcp 1518280447 192.0.2.20 9 typ host tcptype active")]
    [InlineData("3 2 UDP 25108222 198.51.100.4 51472 typ relay raddr 203.0.113.9 rport 54763")]
    [InlineData("4 1 udp 1853817087 10.1.1.1 5000 typ prflx")]
    [InlineData("5 1 udp 2122260223 fe80::1 6000 typ host")]
    public void Parses_and_formats_back(string value)
    {
        Assert.True(SdpCandidate.TryParse(value, out var candidate, out var problem), problem);

        // Transport is case-insensitive (RFC 8839 §5.1) and normalised to lower case.
        Assert.Equal(value.Replace("UDP", "udp", StringComparison.Ordinal), candidate.ToString());
    }

    [Fact]
    public void Accepts_the_candidate_prefix_used_by_javascript()
    {
        Assert.True(SdpCandidate.TryParse("candidate:7 1 udp 100 10.0.0.1 5000 typ host ufrag EsAw", out var candidate, out _));

        Assert.Equal("7", candidate.Foundation);
        Assert.Equal("EsAw", candidate.GetExtension("ufrag"));
        Assert.Null(candidate.GetExtension("generation"));
    }

    [Theory]
    [InlineData("1 1 udp 100 10.0.0.1 5000 typ", "fields")]
    [InlineData("1 0 udp 100 10.0.0.1 5000 typ host", "component")]
    [InlineData("1 1 udp -5 10.0.0.1 5000 typ host", "priority")]
    [InlineData("1 1 udp 100 10.0.0.1 99999 typ host", "port")]
    [InlineData("1 1 udp 100 10.0.0.1 5000 type host", "typ")]
    [InlineData("1 1 udp 100 10.0.0.1 5000 typ host raddr", "no value")]
    [InlineData("1 1 udp 100 10.0.0.1 5000 typ srflx raddr 1.1.1.1 rport x", "rport")]
    public void Rejects_malformed_candidates_naming_the_field(string value, string mentioned)
    {
        Assert.False(SdpCandidate.TryParse(value, out _, out var problem));
        Assert.Contains(mentioned, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_candidates_get_rfc8445_priorities_in_list_order()
    {
        var first = SdpCandidate.Host(new IPEndPoint(IPAddress.Parse("198.51.100.10"), 40000), 0);
        var second = SdpCandidate.Host(new IPEndPoint(IPAddress.Parse("2001:db8::10"), 40000), 1);

        // (2^24)*126 + (2^8)*65535 + (256-1)
        Assert.Equal(2130706431u, first.Priority);
        Assert.True(first.Priority > second.Priority);
        Assert.Equal("1 1 udp 2130706431 198.51.100.10 40000 typ host", first.ToString());
        Assert.Equal("2001:db8::10", second.Address);
        Assert.NotEqual(first.Foundation, second.Foundation);
    }
}
