using Messenger.MediaServer.Transport;
using Messenger.Signalling.Tests.Infrastructure;
using Messenger.Signalling.Tests.Media;
using Microsoft.Playwright;

namespace Messenger.Signalling.Tests.Web;

/// <summary>
/// A call survives a network drop (issue #6, "rejoin after a network drop, with ICE restart"): everything the
/// server sends is lost for a while and one side's browser goes offline, which breaks its signalling connection too.
/// The client resumes its place in the room on a new hub connection, restarts ICE, and both pictures play again in
/// the same call, with the same tiles; nobody has to call again.
/// </summary>
[Collection(MediaImpairmentCollection.Name)]
public sealed class WebCallReconnectTests(ImpairedHostFixture fixture, Chromium chromium)
    : IClassFixture<ImpairedHostFixture>, IClassFixture<Chromium>
{
    [Fact]
    public async Task After_a_network_drop_the_call_resumes_with_ice_restart_and_video_flows_again()
    {
        // Uma reaches the host through a relay that can cut her connections; her media goes straight to the SFU port.
        await using var umasNetwork = new LoopbackTcpProxy(fixture.Host.BaseAddress);
        var uma = await WebClientPage.OpenAsync(chromium, umasNetwork.Address, "uma");
        var vic = await WebClientPage.OpenAsync(chromium, fixture.Host, "vic");
        await uma.FillRegistrationAsync("Uma");
        await uma.SubmitAuthAsync();
        await vic.FillRegistrationAsync("Vic");
        await vic.SubmitAuthAsync();
        await uma.StartDirectChatAsync("Vic", "vic");
        await uma.SendAsync("Bad wifi here");
        await uma.Page.ClickAsync("#call-start");
        await WebClientPage.ExpectVisibleAsync(vic.Page.Locator("#incoming"));
        await vic.Page.ClickAsync("#incoming-accept");
        Assert.True(await uma.ExpectRemoteVideoFramesGrowAsync(more: 10) > 10);
        Assert.True(await vic.ExpectRemoteVideoFramesGrowAsync(more: 10) > 10);
        var vicTileBefore = await uma.Page.Locator("#call-grid .tile:not(.self)").GetAttributeAsync("data-participant");

        // The drop: every packet the server sends is lost, and Uma's TCP connections (hub and room signalling)
        // are reset. Both browsers notice the media path is gone and restart ICE, which cannot work until the
        // network is back.
        fixture.Egress.Current = new SimpleEgressImpairment(
            new SimpleEgressImpairmentOptions { DropProbability = 1.0 }, TimeProvider.System, new Random(6));
        try
        {
            umasNetwork.DropAll();
            await WebClientPage.ExpectTextAsync(uma.Page.Locator("#call-status"), "Reconnecting…");
            await Assertions.Expect(vic.Page.Locator("#call")).Not.ToHaveAttributeAsync(
                "data-ice-restarts", "0", new() { Timeout = 20_000 });
        }
        finally
        {
            fixture.Egress.Current = null;
        }

        // Back online: Uma resumes on a new connection and both restart ICE; pictures play again in the same call.
        await Assertions.Expect(uma.Page.Locator("#call")).Not.ToHaveAttributeAsync("data-resumes", "0", new() { Timeout = 30_000 });
        await WebClientPage.ExpectTextAsync(uma.Page.Locator("#call-status"), "");
        Assert.True(await uma.ExpectRemoteVideoFramesGrowAsync(more: 20) > 20);
        Assert.True(await vic.ExpectRemoteVideoFramesGrowAsync(more: 20) > 20);
        Assert.Equal(vicTileBefore, await uma.Page.Locator("#call-grid .tile:not(.self)").GetAttributeAsync("data-participant"));
        Assert.Equal(2, await vic.Page.Locator("#call-grid .tile").CountAsync());
        Assert.True(await vic.Page.Locator("#call").IsVisibleAsync());

        await uma.Page.ClickAsync("#call-hangup");
        await Assertions.Expect(vic.Page.Locator("#call")).ToBeHiddenAsync(new() { Timeout = 15_000 });
        await vic.Conversation("Uma").ClickAsync();
        var record = vic.Page.Locator(".msg.system", new PageLocatorOptions { HasTextString = "Video call ended" });
        await WebClientPage.ExpectVisibleAsync(record);
    }
}
