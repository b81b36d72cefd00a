using System.Net.Http.Json;
using System.Text.Json;
using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Messenger.Signalling.Tests.Media;

/// <summary>
/// Real Chromium publishes its fake camera and microphone over WHIP and a second page plays them over WHEP,
/// through our own ICE-lite, DTLS-SRTP and RTP stack (issue #3).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WhipWhepBrowserTests(HostFixture fixture, Chromium chromium)
    : IClassFixture<HostFixture>, IClassFixture<Chromium>
{
    private readonly TestHost _host = fixture.Host;

    [Fact]
    public async Task Chromium_publishes_over_whip_and_another_page_plays_over_whep()
    {
        var user = await _host.SignUpAsync("streamer");
        var echoPage = new Uri(_host.BaseAddress, "/echo.html");
        var publisherPage = await chromium.OpenAsync(echoPage);
        var playerPage = await chromium.OpenAsync(echoPage);

        var participantId = await publisherPage.EvaluateAsync<string>(
            """
            async (token) => {
              const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
              window.session = await window.echo.whipPublish('/whip/stage', token, media);
              return window.session.participantId;
            }
            """, user.AccessToken);
        Assert.False(string.IsNullOrEmpty(participantId));

        await playerPage.EvaluateAsync(
            """
            async ([token, id]) => {
              window.session = await window.echo.whepPlay(`/whep/stage?participant=${id}`, token);
              const video = document.getElementById('remote');
              video.srcObject = window.session.stream;
            }
            """, new[] { user.AccessToken, participantId });

        var stats = await WaitForStatsAsync(playerPage, s => s.GetProperty("framesDecoded").GetInt32() >= 50
            && s.GetProperty("audioPackets").GetInt32() >= 100, TimeSpan.FromSeconds(15));
        Assert.True(stats.GetProperty("framesDecoded").GetInt32() >= 50, $"decoded too few frames: {stats}");
        Assert.True(stats.GetProperty("audioPackets").GetInt32() >= 100, $"received too few Opus packets: {stats}");
        Assert.True(stats.GetProperty("frameWidth").GetInt32() > 0);

        // The player's browser sends transport-cc feedback for what we forward, which drives our send-side estimate.
        using (var client = _host.Client())
        {
            var sessions = (await client.GetFromJsonAsync<JsonElement>("/media/stats")).GetProperty("sessions").EnumerateArray().ToList();
            var player = sessions.Single(s => s.GetProperty("producers").GetInt32() == 0 && s.GetProperty("room").GetString() == "stage");
            Assert.True(player.GetProperty("transportFeedback").GetBoolean(), $"no transport-cc feedback from the player: {player}");
            Assert.True(player.GetProperty("sendEstimateBps").GetInt64() > 0);
            Assert.True(player.GetProperty("roundTripMilliseconds").GetDouble() >= 0, "no RTT from the player's receiver reports");
        }

        // DELETE ends the WHIP session; the server forgets the publisher.
        await publisherPage.EvaluateAsync("async (token) => window.echo.stop(window.session, token)", user.AccessToken);
        await playerPage.EvaluateAsync("async (token) => window.echo.stop(window.session, token)", user.AccessToken);
    }

    [Fact]
    public async Task A_simulcast_whip_publisher_reaches_a_whep_player_at_the_best_layer()
    {
        var user = await _host.SignUpAsync("simulcaster");
        var page = new Uri(_host.BaseAddress, "/echo.html");
        var publisherPage = await chromium.OpenAsync(page);
        var playerPage = await chromium.OpenAsync(page);
        var participantId = await publisherPage.EvaluateAsync<string>(
            """
            async (token) => {
              // 960x540: at 640x480 Chromium leaves out the top simulcast layer.
              const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 960, height: 540 } });
              window.session = await window.echo.whipPublish('/whip/simulcast', token, media, { simulcast: true });
              return window.session.participantId;
            }
            """, user.AccessToken);
        await playerPage.EvaluateAsync(
            "async ([token, id]) => { window.session = await window.echo.whepPlay(`/whep/simulcast?participant=${id}`, token); }",
            new[] { user.AccessToken, participantId });

        // "Best" is relative to what the publisher sends now: under CPU load Chromium scales its layers down, so
        // compare with the widest layer it is encoding rather than with a fixed 960. Bounded: at most 60 polls.
        JsonElement stats = default;
        var widest = 0;
        for (var poll = 0; poll < 60; poll++)
        {
            widest = await publisherPage.EvaluateAsync<int>(
                "async () => { let w = 0; (await window.session.pc.getStats()).forEach(r => { if (r.type === 'outbound-rtp' && r.kind === 'video') w = Math.max(w, r.frameWidth ?? 0); }); return w; }");
            stats = (await playerPage.EvaluateAsync<JsonElement?>("async () => window.echo.inboundStats(window.session.pc)"))!.Value;
            if (widest > 0 && stats.GetProperty("framesDecoded").GetInt32() >= 40 && stats.GetProperty("frameWidth").GetInt32() >= widest)
            {
                break;
            }

            await Task.Delay(300);
        }

        Assert.True(widest > 0, "the publisher encodes no video");
        Assert.True(stats.GetProperty("framesDecoded").GetInt32() >= 40, $"decoded too few frames: {stats}");
        Assert.True(stats.GetProperty("frameWidth").GetInt32() >= widest, $"the player never got the top layer ({widest} wide): {stats}");

        using var client = _host.Client();
        var sessions = (await client.GetFromJsonAsync<JsonElement>("/media/stats")).GetProperty("sessions").EnumerateArray();
        Assert.Contains(sessions, s => s.GetProperty("room").GetString() == "simulcast" && s.GetProperty("producers").GetInt32() == 2);
    }

    [Fact]
    public async Task Echo_page_shows_a_person_their_own_camera_back()
    {
        var user = await _host.SignUpAsync("mirror");
        var page = await chromium.OpenAsync(new Uri(_host.BaseAddress, $"/echo.html?token={user.AccessToken}"));
        await page.ClickAsync("#start");

        // The page reports what a person sees: frames decoded from the server, by the page's own status line.
        var decoded = 0;
        for (var poll = 0; poll < 40 && decoded < 30; poll++)
        {
            await Task.Delay(250);
            var status = await page.TextContentAsync("#status") ?? "";
            var match = System.Text.RegularExpressions.Regex.Match(status, @"video frames decoded: (\d+)");
            decoded = match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        }

        Assert.True(decoded >= 30, "the echo page decoded too few frames");
        var playing = await page.EvaluateAsync<bool>(
            "() => { const v = document.getElementById('remote'); return v.videoWidth > 0 && !v.paused; }");
        Assert.True(playing);
        await page.ClickAsync("#stop");
    }

    /// <summary>Polls getStats() until the condition holds or the time is up (bounded: at most 60 polls).</summary>
    internal static async Task<JsonElement> WaitForStatsAsync(IPage page, Func<JsonElement, bool> done, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        JsonElement stats = default;
        for (var poll = 0; poll < 60 && DateTime.UtcNow < deadline; poll++)
        {
            stats = (await page.EvaluateAsync<JsonElement?>("async () => window.echo.inboundStats(window.session.pc)"))!.Value;
            if (done(stats))
            {
                break;
            }

            await Task.Delay(limit / 60);
        }

        return stats;
    }
}
