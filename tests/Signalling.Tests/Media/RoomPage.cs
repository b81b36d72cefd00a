using System.Text.Json;
using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Messenger.Signalling.Tests.Media;

/// <summary>What one remote track looks like to the browser (inbound-rtp, via RoomClient.stats()).</summary>
internal sealed record RemoteTrackStats(
    string ParticipantId, string Kind, string? Codec, long PacketsReceived, long Lost, long NackCount, long PliCount,
    long FramesDecoded, int FrameWidth, int FrameHeight);

/// <summary>One LayerChanged event the server sent this participant.</summary>
internal sealed record LayerChange(string TrackId, int Spatial, int Temporal);

/// <summary>One in-page sample of a remote video: performance.now() in ms and the decoder's counters.</summary>
internal sealed record DecodeSample(double At, long FramesDecoded, long NackCount, int FrameWidth);

/// <summary>
/// A Chromium page on room.html that joined a room through window.roomPage.start and is driven through window.room
/// (the RoomClient). Page results come back as JSON text so that Playwright's own object encoding never leaks in.
/// </summary>
internal sealed class RoomPage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private RoomPage(IPage page, string participantId, string name)
    {
        Page = page;
        ParticipantId = participantId;
        Name = name;
    }

    public IPage Page { get; }

    public string ParticipantId { get; }

    public string Name { get; }

    /// <summary>Opens room.html, joins <paramref name="room"/> and, unless told not to, publishes camera and microphone
    /// as VP8 simulcast (960x540, so Chrome sends all three rids).</summary>
    public static async Task<RoomPage> JoinAsync(
        Chromium chromium, TestHost host, string room, string name, bool publish = true)
    {
        var user = await host.SignUpAsync(name);
        var page = await chromium.OpenAsync(new Uri(host.BaseAddress, "/room.html"));
        var joined = await page.EvaluateAsync<string>(
            "async (o) => JSON.stringify(await window.roomPage.start(o))",
            new { accessToken = user.AccessToken, room, name, publish, simulcast = true });
        using var document = JsonDocument.Parse(joined);
        return new RoomPage(page, document.RootElement.GetProperty("participantId").GetString()!, name);
    }

    /// <summary>RoomClient.stats(): trackId → inbound numbers of every track this page receives.</summary>
    public async Task<IReadOnlyDictionary<string, RemoteTrackStats>> StatsAsync()
    {
        var text = await Page.EvaluateAsync<string>("async () => JSON.stringify(await window.room.stats())");
        return JsonSerializer.Deserialize<Dictionary<string, RemoteTrackStats>>(text, Json)!;
    }

    /// <summary>Polls stats every <paramref name="interval"/> until <paramref name="done"/> holds, at most
    /// <paramref name="polls"/> times; returns the last stats either way so the caller asserts on them.</summary>
    public async Task<IReadOnlyDictionary<string, RemoteTrackStats>> WaitForAsync(
        Func<IReadOnlyDictionary<string, RemoteTrackStats>, bool> done, int polls = 80, int interval = 250)
    {
        var stats = await StatsAsync();
        for (var poll = 0; poll < polls && !done(stats); poll++)
        {
            await Task.Delay(interval);
            stats = await StatsAsync();
        }

        return stats;
    }

    /// <summary>The video we receive from <paramref name="publisher"/>, or null.</summary>
    public static KeyValuePair<string, RemoteTrackStats>? VideoFrom(
        IReadOnlyDictionary<string, RemoteTrackStats> stats, RoomPage publisher) => TrackFrom(stats, publisher, "video");

    public static KeyValuePair<string, RemoteTrackStats>? AudioFrom(
        IReadOnlyDictionary<string, RemoteTrackStats> stats, RoomPage publisher) => TrackFrom(stats, publisher, "audio");

    private static KeyValuePair<string, RemoteTrackStats>? TrackFrom(
        IReadOnlyDictionary<string, RemoteTrackStats> stats, RoomPage publisher, string kind)
    {
        foreach (var entry in stats)
        {
            if (entry.Value.ParticipantId == publisher.ParticipantId && entry.Value.Kind == kind)
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>Samples one remote video inside the page, every <paramref name="interval"/> ms, <paramref name="count"/>
    /// times: the page's own clock, so Playwright round trips don't blur the freeze measurement.</summary>
    public async Task<IReadOnlyList<DecodeSample>> SampleAsync(string trackId, int count, int interval)
    {
        var text = await Page.EvaluateAsync<string>(
            """
            async ([trackId, count, interval]) => {
              const samples = [];
              for (let i = 0; i < count; i++) {
                const s = (await window.room.stats())[trackId] ?? {};
                samples.push({ at: performance.now(), framesDecoded: s.framesDecoded ?? 0, nackCount: s.nackCount ?? 0,
                               frameWidth: s.frameWidth ?? 0 });
                await new Promise((resolve) => setTimeout(resolve, interval));
              }
              return JSON.stringify(samples);
            }
            """, new object[] { trackId, count, interval });
        return JsonSerializer.Deserialize<List<DecodeSample>>(text, Json)!;
    }

    /// <summary>SetPreferredLayer with a JSON preference such as <c>{"spatial":0}</c> or <c>{"maxWidth":240}</c>.</summary>
    public Task SetPreferredLayerAsync(string trackId, string preferenceJson) =>
        Page.EvaluateAsync("async ([id, p]) => window.room.setPreferredLayer(id, JSON.parse(p))", new[] { trackId, preferenceJson });

    /// <summary>Every LayerChanged the server sent this page, oldest first.</summary>
    public async Task<IReadOnlyList<LayerChange>> LayerHistoryAsync()
    {
        var text = await Page.EvaluateAsync<string>("() => JSON.stringify(window.room.layerHistory)");
        return JsonSerializer.Deserialize<List<LayerChange>>(text, Json)!;
    }

    public Task<string> LocalSdpAsync() => Page.EvaluateAsync<string>("() => window.room.pc.localDescription?.sdp ?? ''");

    /// <summary>The longest time in ms between two samples at which framesDecoded grew (the longest freeze seen).</summary>
    public static double LongestFreeze(IReadOnlyList<DecodeSample> samples)
    {
        double longest = 0, lastGrowth = samples.Count > 0 ? samples[0].At : 0;
        for (var i = 1; i < samples.Count; i++)
        {
            if (samples[i].FramesDecoded > samples[i - 1].FramesDecoded)
            {
                longest = Math.Max(longest, samples[i].At - lastGrowth);
                lastGrowth = samples[i].At;
            }
        }

        return samples.Count > 0 ? Math.Max(longest, samples[^1].At - lastGrowth) : double.PositiveInfinity;
    }

    public Task LeaveAsync() => Page.EvaluateAsync("async () => window.roomPage.leave()");
}
