using System.Globalization;
using Messenger.MediaServer.Bandwidth;
using Messenger.MediaServer.Forwarding;

namespace Messenger.MediaServer.Tests.Bandwidth;

/// <summary>
/// Track specs: <c>a</c> audio (40 kbps); <c>v</c> video with Chrome's 3 layers (s0 100/150/200k, s1 300/450/600k,
/// s2 1.0/1.5/2.0M cumulative per temporal layer). Options after ':' joined by ',': <c>pN</c> priority,
/// <c>WxH</c> render size, <c>rN</c> speaker rank, <c>off</c> paused/muted.
/// Expected: audio bitrate, or <c>s.t</c> / <c>-</c> for video.
/// </summary>
public sealed class BandwidthAllocatorTests
{
    [Theory]
    [InlineData(5_000_000, int.MaxValue, "a v", "40000 2.2")]
    [InlineData(1_200_000, int.MaxValue, "a v", "40000 2.0")] // between s1 and s2: s2 with one temporal layer
    [InlineData(300_000, int.MaxValue, "a v", "40000 0.2")]
    [InlineData(120_000, int.MaxValue, "a v", "40000 -")] // audio first; video cannot get even its lowest layer
    [InlineData(30_000, int.MaxValue, "a v", "40000 -")] // audio is never cut
    [InlineData(1_500_000, int.MaxValue, "a v v", "40000 2.0 1.1")] // first of equals raised first, second takes the rest
    [InlineData(1_500_000, int.MaxValue, "a v v:p1", "40000 1.1 2.0")] // priority wins
    [InlineData(1_500_000, int.MaxValue, "a v:320x180 v", "40000 0.2 2.0")] // a thumbnail needs little
    [InlineData(240_000, int.MaxValue, "a v v v", "40000 0.0 0.0 -")] // minimums in priority order
    [InlineData(5_000_000, 1, "a v:r1 v:r0", "40000 - 2.2")] // Last-N
    [InlineData(5_000_000, 2, "a v:r0 v:r2 v:r1", "40000 2.2 - 2.2")]
    [InlineData(5_000_000, int.MaxValue, "a:off v:off v", "0 - 2.2")] // muted audio costs nothing; paused video gets nothing
    [InlineData(0, int.MaxValue, "v", "-")]
    public void Allocates(long estimate, int lastN, string spec, string expected)
    {
        var tracks = Parse(spec);
        var results = new TrackAllocation[tracks.Length];
        var allocator = new BandwidthAllocator { LastN = lastN };
        var total = allocator.Allocate(estimate, tracks, results);

        var actual = new List<string>();
        long sum = 0;
        for (var i = 0; i < tracks.Length; i++)
        {
            Assert.Equal(tracks[i].TrackId, results[i].TrackId);
            sum += results[i].Bitrate;
            actual.Add(tracks[i].IsAudio
                ? results[i].Bitrate.ToString(CultureInfo.InvariantCulture)
                : results[i].Target.IsNone ? "-" : $"{results[i].Target.Spatial}.{results[i].Target.Temporal}");
        }

        Assert.Equal(expected, string.Join(' ', actual));
        Assert.Equal(sum, total);
        var audio = 0L;
        foreach (var track in tracks)
        {
            audio += track.IsAudio && !track.Paused ? track.AudioBitrate : 0;
        }

        Assert.True(total <= Math.Max(estimate, audio), "video never exceeds the estimate");
    }

    [Fact]
    public void Results_must_fit()
    {
        var tracks = Parse("a v");
        Assert.Throws<ArgumentException>(() => new BandwidthAllocator().Allocate(1, tracks, new TrackAllocation[1]));
    }

    private static AllocationTrack[] Parse(string spec)
    {
        var tokens = spec.Split(' ');
        var tracks = new AllocationTrack[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            var parts = tokens[i].Split(':');
            var layers = default(SimulcastLayerSet);
            layers[0] = new SimulcastLayerInfo(true, 320, 180, 3, 100_000, 150_000, 200_000);
            layers[1] = new SimulcastLayerInfo(true, 640, 360, 3, 300_000, 450_000, 600_000);
            layers[2] = new SimulcastLayerInfo(true, 1280, 720, 3, 1_000_000, 1_500_000, 2_000_000);
            var track = new AllocationTrack(i + 100, parts[0] == "a", 40_000, layers, LayerPreference.Highest, 0, false, int.MaxValue);
            foreach (var option in parts.Length > 1 ? parts[1].Split(',') : [])
            {
                if (option == "off")
                {
                    track = track with { Paused = true };
                }
                else if (option[0] == 'p')
                {
                    track = track with { Priority = int.Parse(option.AsSpan(1), CultureInfo.InvariantCulture) };
                }
                else if (option[0] == 'r')
                {
                    track = track with { SpeakerRank = int.Parse(option.AsSpan(1), CultureInfo.InvariantCulture) };
                }
                else
                {
                    var size = option.Split('x');
                    track = track with
                    {
                        Preference = LayerPreference.Highest with
                        {
                            MaxWidth = int.Parse(size[0], CultureInfo.InvariantCulture),
                            MaxHeight = int.Parse(size[1], CultureInfo.InvariantCulture),
                        },
                    };
                }
            }

            tracks[i] = track;
        }

        return tracks;
    }
}
