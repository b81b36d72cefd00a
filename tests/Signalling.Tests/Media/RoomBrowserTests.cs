using Messenger.Signalling.Tests.Infrastructure;

namespace Messenger.Signalling.Tests.Media;

/// <summary>
/// Real Chromium pages on room.html talk to the room signalling hub /rtc through RoomClient (issue #4, item 7):
/// everyone publishes camera and microphone as VP8 simulcast over one bundled connection and receives the others.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RoomBrowserTests(HostFixture fixture, Chromium chromium)
    : IClassFixture<HostFixture>, IClassFixture<Chromium>
{
    private readonly TestHost _host = fixture.Host;

    [Fact]
    public async Task Room_page_runs_the_signalr_client_installed_from_npm()
    {
        using var http = _host.Client();
        using var script = await http.GetAsync(new Uri("/lib/signalr/signalr.min.js", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, script.StatusCode);

        var page = await chromium.OpenAsync(new Uri(_host.BaseAddress, "/room.html"));
        Assert.Equal("Messenger · room", await page.TitleAsync());
        var client = await page.EvaluateAsync<string>(
            """
            async () => {
              const { RoomClient } = await import('/js/room-client.js');
              const room = new RoomClient({ token: 'not-a-token' });
              const state = room.connection.state;
              room.pc.close();
              return `${typeof signalR.HubConnectionBuilder} ${state}`;
            }
            """);
        Assert.Equal("function Disconnected", client);
    }

    [Fact]
    public async Task Three_participants_publish_simulcast_and_each_decodes_the_other_two()
    {
        RoomPage[] pages =
        [
            await RoomPage.JoinAsync(chromium, _host, "trio", "ann"),
            await RoomPage.JoinAsync(chromium, _host, "trio", "ben"),
            await RoomPage.JoinAsync(chromium, _host, "trio", "cat"),
        ];

        foreach (var page in pages)
        {
            // One bundled connection sends VP8 in three rids.
            var sdp = await page.LocalSdpAsync();
            Assert.Contains("a=simulcast:send l;m;h", sdp, StringComparison.Ordinal);
            Assert.Contains("a=group:BUNDLE", sdp, StringComparison.Ordinal);
        }

        foreach (var page in pages)
        {
            var others = pages.Where(p => p != page).ToArray();
            var first = await page.WaitForAsync(s => others.All(o =>
                RoomPage.VideoFrom(s, o)?.Value.FramesDecoded >= 30 && RoomPage.AudioFrom(s, o)?.Value.PacketsReceived >= 50));

            Assert.DoesNotContain(first.Values, t => t.ParticipantId == page.ParticipantId);
            Assert.Equal(2, first.Values.Count(t => t.Kind == "video"));
            foreach (var other in others)
            {
                var video = RoomPage.VideoFrom(first, other);
                var audio = RoomPage.AudioFrom(first, other);
                Assert.True(video is not null, $"{page.Name} receives no video from {other.Name}");
                Assert.True(audio is not null, $"{page.Name} receives no audio from {other.Name}");
                Assert.Equal("video/VP8", video.Value.Value.Codec);
                Assert.True(video.Value.Value.FramesDecoded >= 30, $"{page.Name} decoded too little of {other.Name}: {video}");
                Assert.True(video.Value.Value.FrameWidth > 0);
                Assert.True(audio.Value.Value.PacketsReceived >= 50, $"{page.Name} got too little audio of {other.Name}: {audio}");
            }

            // And it keeps flowing: both remote videos decode more frames, audio keeps arriving.
            var later = await page.WaitForAsync(s => others.All(o =>
                RoomPage.VideoFrom(s, o)?.Value.FramesDecoded >= RoomPage.VideoFrom(first, o)!.Value.Value.FramesDecoded + 20
                && RoomPage.AudioFrom(s, o)?.Value.PacketsReceived > RoomPage.AudioFrom(first, o)!.Value.Value.PacketsReceived));
            foreach (var other in others)
            {
                Assert.True(RoomPage.VideoFrom(later, other)!.Value.Value.FramesDecoded
                    >= RoomPage.VideoFrom(first, other)!.Value.Value.FramesDecoded + 20, $"{page.Name}: video of {other.Name} stalled");
                Assert.True(RoomPage.AudioFrom(later, other)!.Value.Value.PacketsReceived
                    > RoomPage.AudioFrom(first, other)!.Value.Value.PacketsReceived, $"{page.Name}: audio of {other.Name} stalled");
            }
        }

        // The grid names the people in it (ParticipantInfo.name from Join and ParticipantJoined).
        var captions = await pages[0].Page.Locator(".tile figcaption").AllTextContentsAsync();
        Assert.Contains("ben", captions);
        Assert.Contains("cat", captions);

        foreach (var page in pages)
        {
            await page.LeaveAsync();
        }
    }

    [Theory]
    [InlineData("spatial", """{"spatial":0}""")]
    [InlineData("maxwidth", """{"maxWidth":240}""")]
    public async Task A_subscriber_that_asks_for_the_low_layer_gets_a_smaller_frame(string request, string preference)
    {
        var room = "low-" + request;
        var publisher = await RoomPage.JoinAsync(chromium, _host, room, "pub" + request);
        var viewer = await RoomPage.JoinAsync(chromium, _host, room, "view" + request, publish: false);

        // First the viewer sees more than the low layer (240 of 960 wide) ...
        var before = await viewer.WaitForAsync(s =>
            RoomPage.VideoFrom(s, publisher)?.Value is { FramesDecoded: >= 30, FrameWidth: > 240 }, polls: 100);
        var video = RoomPage.VideoFrom(before, publisher);
        Assert.True(video is not null, "the viewer receives no video");
        Assert.True(video.Value.Value.FrameWidth > 240, $"never got above the low layer: {video}");
        var trackId = video.Value.Key;

        // ... then it asks for the low layer and gets narrower frames, still decoding.
        await viewer.SetPreferredLayerAsync(trackId, preference);
        var after = await viewer.WaitForAsync(s => s.GetValueOrDefault(trackId) is { FrameWidth: > 0 and <= 240 } t
            && t.FramesDecoded >= video.Value.Value.FramesDecoded + 20);
        var low = after.GetValueOrDefault(trackId);
        Assert.True(low is not null, $"{request}: the track went away");
        Assert.True(low.FrameWidth <= 240, $"{request}: frame width stayed at {low.FrameWidth}");
        Assert.True(low.FrameWidth < video.Value.Value.FrameWidth);
        Assert.True(low.FramesDecoded >= video.Value.Value.FramesDecoded + 20, $"{request}: decoding stopped");

        // Nobody receives the upper layers now, so the server tells the publisher, which switches them off
        // (LayersWanted → RTCRtpSender.setParameters). Bounded: at most 40 polls of 250 ms.
        bool[] active = [];
        for (var poll = 0; poll < 40; poll++)
        {
            active = await publisher.Page.EvaluateAsync<bool[]>(
                "() => [...window.room.localTracks.values()].find(l => l.sender?.track?.kind === 'video')?.sender.getParameters().encodings.map(e => e.active) ?? []");
            if (active is [true, false, false])
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.Equal([true, false, false], active);

        await viewer.LeaveAsync();
        await publisher.LeaveAsync();
    }
}
