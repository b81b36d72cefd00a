using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Messenger.Signalling.Tests.Web;

/// <summary>
/// A host whose calls stop ringing after a few seconds, so an unanswered call is missed within a test. Long enough
/// that both browsers show the ringing state first.
/// </summary>
public sealed class ShortRingHostFixture : IAsyncLifetime
{
    public TestHost Host { get; } = new(new Dictionary<string, string?> { ["Messenger:Calls:RingTimeout"] = "00:00:06" });

    public Task InitializeAsync() => Host.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>The web client when nobody picks up (issue #6): the ring times out on the server.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WebCallRingTimeoutTests(ShortRingHostFixture fixture, Chromium chromium)
    : IClassFixture<ShortRingHostFixture>, IClassFixture<Chromium>
{
    private readonly TestHost _host = fixture.Host;

    [Fact]
    public async Task A_call_nobody_answers_becomes_missed()
    {
        var ivan = await WebClientPage.OpenAsync(chromium, _host, "ivan");
        var judy = await WebClientPage.OpenAsync(chromium, _host, "judy");
        await ivan.FillRegistrationAsync("Ivan");
        await ivan.SubmitAuthAsync();
        await judy.FillRegistrationAsync("Judy");
        await judy.SubmitAuthAsync();
        await ivan.StartDirectChatAsync("Jud", "judy");
        await ivan.SendAsync("Are you there?");
        await judy.Conversation("Ivan").ClickAsync();
        await WebClientPage.ExpectVisibleAsync(judy.MessageWithText("Are you there?", mine: false));

        // Ivan calls; Judy's screen rings, and she lets it ring out.
        await ivan.Page.ClickAsync("#call-start");
        await WebClientPage.ExpectVisibleAsync(ivan.Page.Locator("#call"));
        await WebClientPage.ExpectVisibleAsync(judy.Page.Locator("#incoming"));

        // The server's ring timeout ends the call: Ivan's call view closes, Judy's ringing stops, and both chats
        // record the missed call.
        var hidden = new LocatorAssertionsToBeHiddenOptions { Timeout = 20_000 };
        await Assertions.Expect(ivan.Page.Locator("#call")).ToBeHiddenAsync(hidden);
        await Assertions.Expect(judy.Page.Locator("#incoming")).ToBeHiddenAsync(hidden);
        foreach (var side in new[] { ivan, judy })
        {
            var record = side.Page.Locator(".msg.system", new PageLocatorOptions { HasTextString = "Video call missed" });
            await WebClientPage.ExpectVisibleAsync(record);
        }

        Assert.Equal(0, await ivan.Page.Locator(".msg.system", new PageLocatorOptions { HasTextString = "Video call ended" }).CountAsync());
    }
}
