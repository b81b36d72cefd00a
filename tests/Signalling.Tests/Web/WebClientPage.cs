using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Messenger.Signalling.Tests.Web;

/// <summary>
/// One user's browser context on the web client at /, driven only through what a person sees and clicks.
/// </summary>
public sealed class WebClientPage(IPage page, string username)
{
    private static readonly LocatorAssertionsToHaveTextOptions TextWait = new() { Timeout = 15_000 };
    private static readonly LocatorAssertionsToBeVisibleOptions VisibleWait = new() { Timeout = 15_000 };
    private static readonly LocatorAssertionsToHaveAttributeOptions AttributeWait = new() { Timeout = 15_000 };

    public IPage Page { get; } = page;

    public string Username { get; } = username;

    public static async Task<WebClientPage> OpenAsync(Chromium chromium, TestHost host, string username)
    {
        var page = await chromium.OpenAsync(host.BaseAddress);
        await Expect(page.Locator("#auth-form")).ToBeVisibleAsync(VisibleWait);
        return new WebClientPage(page, username);
    }

    public async Task FillRegistrationAsync(string displayName)
    {
        await Page.ClickAsync("#auth-toggle");
        await Page.FillAsync("#username", Username);
        await Page.FillAsync("#display-name", displayName);
        await Page.FillAsync("#password", "correct horse battery");
    }

    public async Task SignInAsync(string password)
    {
        await Page.FillAsync("#username", Username);
        await Page.FillAsync("#password", password);
        await SubmitAuthAsync();
    }

    public async Task SubmitAuthAsync()
    {
        await Page.ClickAsync("#auth-submit");
        await Expect(Page.Locator("#app")).ToBeVisibleAsync(VisibleWait);
        await Expect(Page.Locator("#connection")).ToHaveAttributeAsync("data-state", "online", AttributeWait);
    }

    public async Task StartDirectChatAsync(string query, string otherUsername)
    {
        await Page.FillAsync("#search", query);
        var person = Page.Locator($".person[data-username='{otherUsername}']");
        await Expect(person).ToBeVisibleAsync(VisibleWait);
        await person.Locator(".start-chat").ClickAsync();
        await Expect(Page.Locator("#chat-pane")).ToBeVisibleAsync(VisibleWait);
    }

    public async Task SendAsync(string text)
    {
        await Page.FillAsync("#composer-input", text);
        await Page.PressAsync("#composer-input", "Enter");
        await Expect(MessageWithText(text, mine: true)).ToBeVisibleAsync(VisibleWait);
    }

    public ILocator Conversation(string title) =>
        Page.Locator(".conversation").Filter(new LocatorFilterOptions { Has = Page.Locator(".title", new PageLocatorOptions { HasTextString = title }) });

    public ILocator MessageWithText(string text, bool mine) =>
        Page.Locator(mine ? ".msg.mine" : ".msg:not(.mine)").Filter(new LocatorFilterOptions
        {
            Has = Page.Locator(".text", new PageLocatorOptions { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(text)}$") }),
        });

    public static Task ExpectTextAsync(ILocator locator, string text) => Expect(locator).ToHaveTextAsync(text, TextWait);

    public static Task ExpectVisibleAsync(ILocator locator) => Expect(locator).ToBeVisibleAsync(VisibleWait);

    public static Task ExpectAttributeAsync(ILocator locator, string name, string value) =>
        Expect(locator).ToHaveAttributeAsync(name, value, AttributeWait);

    /// <summary>
    /// Waits (bounded) until the call view shows a remote video that has decoded frames, then until it has decoded
    /// <paramref name="more"/> more: the picture is live, not one frozen frame. Returns the last count seen.
    /// </summary>
    public async Task<int> ExpectRemoteVideoFramesGrowAsync(int more)
    {
        const string Frames = "() => { const v = document.querySelector('#call video.remote'); " +
            "return v && v.videoWidth > 0 ? v.getVideoPlaybackQuality().totalVideoFrames : 0; }";
        var wait = new PageWaitForFunctionOptions { Timeout = 20_000, PollingInterval = 100 };
        await Page.WaitForFunctionAsync($"() => ({Frames})() > 0", null, wait);
        var first = await Page.EvaluateAsync<int>(Frames);
        await Page.WaitForFunctionAsync($"n => ({Frames})() >= n", first + more, wait);
        return await Page.EvaluateAsync<int>(Frames);
    }

    /// <summary>Saves a screenshot under the test output's TestResults/screenshots folder and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        return path;
    }
}
