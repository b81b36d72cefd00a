using Messenger.MediaServer.Transport;
using Messenger.Signalling.Tests.Infrastructure;

namespace Messenger.Signalling.Tests.Media;

/// <summary>
/// A bad network between the server and its subscribers, made by the media node's test-only egress hook (issue #4,
/// item 7): random loss must be repaired by NACK without visible freezes, and a rate cap must make the server send a
/// lower simulcast layer, and the top one again once the cap lifts.
/// </summary>
[Collection(MediaImpairmentCollection.Name)]
public sealed class RoomImpairmentBrowserTests(ImpairedHostFixture fixture, Chromium chromium)
    : IClassFixture<ImpairedHostFixture>, IClassFixture<Chromium>
{
    /// <summary>How often the page samples framesDecoded while judging freezes, in ms.</summary>
    private const int SampleInterval = 250;

    /// <summary>The publisher captures 960x540, so its top simulcast layer is this wide.</summary>
    private const int TopWidth = 960;

    [Fact]
    public async Task Loss_on_the_servers_egress_is_repaired_without_freezes()
    {
        var publisher = await RoomPage.JoinAsync(chromium, fixture.Host, "lossy", "lossypub");
        var viewer = await RoomPage.JoinAsync(chromium, fixture.Host, "lossy", "lossyview", publish: false);
        var clean = await viewer.WaitForAsync(s => RoomPage.VideoFrom(s, publisher)?.Value.FramesDecoded >= 40);
        var video = RoomPage.VideoFrom(clean, publisher);
        Assert.True(video is not null && video.Value.Value.FramesDecoded >= 40, "no video before the loss started");
        var trackId = video.Value.Key;

        // 5 % of everything the server sends is lost, for 12 s of samples every 250 ms.
        fixture.Egress.Current = new SimpleEgressImpairment(
            new SimpleEgressImpairmentOptions { DropProbability = 0.05 }, TimeProvider.System, new Random(4));
        IReadOnlyList<DecodeSample> samples;
        try
        {
            samples = await viewer.SampleAsync(trackId, count: 48, SampleInterval);
        }
        finally
        {
            fixture.Egress.Current = null;
        }

        Assert.True(samples[^1].NackCount > samples[0].NackCount, "the browser never had to NACK: was anything lost?");
        Assert.True(samples[^1].FramesDecoded >= samples[0].FramesDecoded + 100,
            $"decoding fell behind under loss: {samples[0].FramesDecoded} → {samples[^1].FramesDecoded} frames");
        var freeze = RoomPage.LongestFreeze(samples);
        Assert.True(freeze < 1000, $"video froze for {freeze:F0} ms (framesDecoded sampled every {SampleInterval} ms): "
            + string.Join(", ", samples.Select(x => $"{x.At:F0}:{x.FramesDecoded}/{x.FrameWidth}/{x.NackCount}"))
            + "; layers: " + string.Join(", ", await viewer.LayerHistoryAsync()));

        await viewer.LeaveAsync();
        await publisher.LeaveAsync();
    }

    [Fact]
    public async Task A_capped_egress_rate_moves_the_subscriber_down_a_layer_and_back_up()
    {
        var publisher = await RoomPage.JoinAsync(chromium, fixture.Host, "capped", "cappedpub");
        var viewer = await RoomPage.JoinAsync(chromium, fixture.Host, "capped", "cappedview", publish: false);

        // Unconstrained, the viewer gets the top layer.
        var open = await viewer.WaitForAsync(s => RoomPage.VideoFrom(s, publisher)?.Value.FrameWidth >= TopWidth, polls: 120);
        var video = RoomPage.VideoFrom(open, publisher);
        Assert.True(video is not null, "the viewer receives no video");
        Assert.True(video.Value.Value.FrameWidth >= TopWidth, $"never reached the top layer: {video}");
        var trackId = video.Value.Key;

        // 60 kB/s (480 kbit/s) fits audio and the low layer (150 kbit/s), never the top one (1.5 Mbit/s).
        fixture.Egress.Current = new SimpleEgressImpairment(
            new SimpleEgressImpairmentOptions { RateLimitBytesPerSecond = 60_000 }, TimeProvider.System);
        IReadOnlyDictionary<string, RemoteTrackStats> capped;
        IReadOnlyList<LayerChange> layersWhileCapped;
        try
        {
            capped = await viewer.WaitForAsync(s => s.GetValueOrDefault(trackId) is { FrameWidth: > 0 and < TopWidth });
            layersWhileCapped = await viewer.LayerHistoryAsync();
        }
        finally
        {
            fixture.Egress.Current = null;
        }

        var cappedTrack = capped.GetValueOrDefault(trackId);
        var movedDown = cappedTrack is { FrameWidth: > 0 and < TopWidth }
            || layersWhileCapped.Any(l => l.TrackId == trackId && l.Spatial < 2);
        Assert.True(movedDown,
            $"still {cappedTrack?.FrameWidth} wide under the cap; layer events: {string.Join(", ", layersWhileCapped)}");

        // Once the cap lifts, the estimate recovers and the top layer comes back.
        var lifted = await viewer.WaitForAsync(s => s.GetValueOrDefault(trackId)?.FrameWidth >= TopWidth, polls: 120);
        var layers = await viewer.LayerHistoryAsync();
        var liftedTrack = lifted.GetValueOrDefault(trackId);
        var movedUp = liftedTrack?.FrameWidth >= TopWidth
            || (layers.Count > layersWhileCapped.Count && layers[^1] is { Spatial: 2 } last && last.TrackId == trackId);
        Assert.True(movedUp, $"still {liftedTrack?.FrameWidth} wide after the cap lifted; layer events: {string.Join(", ", layers)}");
        Assert.True(liftedTrack?.FramesDecoded > cappedTrack?.FramesDecoded, "decoding stopped");

        await viewer.LeaveAsync();
        await publisher.LeaveAsync();
    }
}
