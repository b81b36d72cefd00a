using System.Net;
using Messenger.LoadTest.Media;
using Messenger.LoadTest.Peers;
using Messenger.LoadTest.Signalling;
using Messenger.MediaServer.Client;
using Messenger.MediaServer.Sdp;

namespace Messenger.LoadTest.Tests;

/// <summary>The publish offers the load generator sends: one section per mid, simulcast as browsers offer it.</summary>
public sealed class PublishOfferTests
{
    private static readonly TrackScript Clip = new("video", 90_000, 1_000_000, [new ScriptedPacket(0, 0, true, [1, 2, 3])]);
    private static readonly TrackScript Sound = new("audio", 48_000, 20_000, [new ScriptedPacket(0, 0, false, [4])]);

    [Theory]
    [InlineData(false, "a=simulcast:send l;m;h")]
    [InlineData(true, "a=simulcast:send h;m;l")]
    public async Task A_simulcast_track_is_one_section_with_rids_in_the_servers_order(bool highestFirst, string simulcast)
    {
        await using var peer = new ClientPeer(null, IPAddress.Loopback);
        PublishedTrack[] tracks =
        [
            new(Sound, 1111, "0"),
            new(Clip, 2001, "1", "l"), new(Clip, 2002, "1", "m"), new(Clip, 2003, "1", "h"),
        ];

        var sdp = LocalDescription.PublishOffer(peer, tracks, highestFirst: highestFirst);

        Assert.True(SdpParser.TryParse(sdp, out var parsed, out var error), error?.ToString());
        Assert.Equal(["0", "1"], parsed!.Media.Select(m => m.Mid));
        Assert.Contains(simulcast, sdp, StringComparison.Ordinal);
        Assert.Contains("a=rid:l send", sdp, StringComparison.Ordinal);
        Assert.Contains($"a=extmap:{Pacer.RidExtensionId} urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", sdp, StringComparison.Ordinal);
        Assert.Contains("a=ssrc:1111 ", sdp, StringComparison.Ordinal);
        Assert.DoesNotContain("a=ssrc:2001", sdp, StringComparison.Ordinal); // rid-based, no SSRCs, as a browser offers
    }

    [Fact]
    public async Task Without_simulcast_every_track_has_its_ssrc_and_no_rids()
    {
        await using var peer = new ClientPeer(null, IPAddress.Loopback);
        var sdp = LocalDescription.PublishOffer(peer, [new PublishedTrack(Sound, 1111, "0"), new PublishedTrack(Clip, 2222, "1")]);
        Assert.Contains("a=ssrc:2222 ", sdp, StringComparison.Ordinal);
        Assert.DoesNotContain("a=simulcast", sdp, StringComparison.Ordinal);
    }
}
