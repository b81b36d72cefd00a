using System.Text.Json;
using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Messenger.Signalling.Tests.Media;

/// <summary>
/// Media through a real coturn: Chromium, forced to relay (<c>iceTransportPolicy: 'relay'</c>), publishes over WHIP
/// and a second page plays over WHEP, both with the time-limited credentials from /api/turn-credentials (issue #6).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TurnRelayTests(Coturn coturn, Chromium chromium) : IClassFixture<Coturn>, IClassFixture<Chromium>
{
    [Fact]
    public async Task Chromium_publishes_and_plays_through_coturn_relay_with_rest_api_credentials()
    {
        await using var host = new TestHost(new Dictionary<string, string?>
        {
            ["Messenger:Turn:Urls:0"] = coturn.Url,
            ["Messenger:Turn:Secret"] = Coturn.Secret,
        });
        await host.StartAsync();
        var user = await host.SignUpAsync("relayed");
        using var http = host.Client(user.AccessToken);
        var iceServers = (await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<JsonElement>(http, "/api/turn-credentials"))
            .GetProperty("iceServers").GetRawText();

        var echoPage = new Uri(host.BaseAddress, "/echo.html");
        var publisher = await chromium.OpenAsync(echoPage);
        var player = await chromium.OpenAsync(echoPage);

        var participantId = await publisher.EvaluateAsync<string>(
            """
            async ([token, iceServers]) => {
              const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
              window.session = await window.echo.whipPublish('/whip/relayed', token, media,
                { iceServers: JSON.parse(iceServers), iceTransportPolicy: 'relay' });
              return window.session.participantId;
            }
            """, new[] { user.AccessToken, iceServers });
        await player.EvaluateAsync(
            """
            async ([token, id, iceServers]) => {
              window.session = await window.echo.whepPlay(`/whep/relayed?participant=${id}`, token,
                { iceServers: JSON.parse(iceServers), iceTransportPolicy: 'relay' });
              document.getElementById('remote').srcObject = window.session.stream;
            }
            """, new[] { user.AccessToken, participantId, iceServers });

        var stats = await WhipWhepBrowserTests.WaitForStatsAsync(
            player, s => s.GetProperty("framesDecoded").GetInt32() >= 30, TimeSpan.FromSeconds(20));
        Assert.True(stats.GetProperty("framesDecoded").GetInt32() >= 30, $"decoded too few frames through TURN: {stats}\n{coturn.Log}");

        // Both connections run over a relayed candidate: the nominated pair's local side is coturn's relay address.
        Assert.Equal("relay", await SelectedLocalCandidateTypeAsync(player));
        Assert.Equal("relay", await SelectedLocalCandidateTypeAsync(publisher));

        await publisher.EvaluateAsync("async (token) => window.echo.stop(window.session, token)", user.AccessToken);
        await player.EvaluateAsync("async (token) => window.echo.stop(window.session, token)", user.AccessToken);
    }

    [Fact]
    public async Task A_call_in_the_web_client_forced_to_relay_plays_video_through_coturn()
    {
        await using var host = new TestHost(new Dictionary<string, string?>
        {
            ["Messenger:Turn:Urls:0"] = coturn.Url,
            ["Messenger:Turn:Secret"] = Coturn.Secret,
        });
        await host.StartAsync();
        // ?ice=relay makes the client use only the TURN servers that came with the call's join answer.
        var relayOnly = new Uri(host.BaseAddress, "/?ice=relay");
        var wes = await Web.WebClientPage.OpenAsync(chromium, relayOnly, "wes");
        var xia = await Web.WebClientPage.OpenAsync(chromium, relayOnly, "xia");
        await wes.FillRegistrationAsync("Wes");
        await wes.SubmitAuthAsync();
        await xia.FillRegistrationAsync("Xia");
        await xia.SubmitAuthAsync();
        await wes.StartDirectChatAsync("Xia", "xia");
        await wes.SendAsync("Calling over TURN");
        await wes.Page.ClickAsync("#call-start");
        await Web.WebClientPage.ExpectVisibleAsync(xia.Page.Locator("#incoming"));
        await xia.Page.ClickAsync("#incoming-accept");

        Assert.True(await wes.ExpectRemoteVideoFramesGrowAsync(more: 15) > 15, coturn.Log);
        Assert.True(await xia.ExpectRemoteVideoFramesGrowAsync(more: 15) > 15, coturn.Log);
        foreach (var side in new[] { wes, xia })
        {
            await Web.WebClientPage.ExpectAttributeAsync(side.Page.Locator("#call"), "data-path", "relay");
            await Web.WebClientPage.ExpectTextAsync(side.Page.Locator("#call-path"), "relayed");
        }

        await wes.Page.ClickAsync("#call-hangup");
    }

    private static Task<string> SelectedLocalCandidateTypeAsync(IPage page) =>
        page.EvaluateAsync<string>(
            """
            async () => {
              const reports = [...(await window.session.pc.getStats()).values()];
              const pair = reports.find(r => r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded');
              if (!pair) return 'none';
              return reports.find(r => r.id === pair.localCandidateId)?.candidateType ?? 'unknown';
            }
            """);
}
