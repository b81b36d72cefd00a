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

    public static Task<WebClientPage> OpenAsync(Chromium chromium, TestHost host, string username) =>
        OpenAsync(chromium, host.BaseAddress, username);

    /// <summary>Opens the client at <paramref name="address"/> (the host, or a relay in front of it).</summary>
    public static async Task<WebClientPage> OpenAsync(Chromium chromium, Uri address, string username)
    {
        var page = await chromium.OpenAsync(address);
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

    /// <summary>
    /// Waits (bounded) until the call view shows exactly <paramref name="count"/> remote videos with decoded frames,
    /// then until every one of them has decoded <paramref name="more"/> more: each picture is live. Returns the
    /// smallest count seen at the end.
    /// </summary>
    public async Task<int> ExpectRemoteVideosFramesGrowAsync(int count, int more)
    {
        const string Frames = "() => [...document.querySelectorAll('#call video.remote')]" +
            ".map(v => v.videoWidth > 0 ? v.getVideoPlaybackQuality().totalVideoFrames : 0)";
        var wait = new PageWaitForFunctionOptions { Timeout = 30_000, PollingInterval = 200 };
        await Page.WaitForFunctionAsync($"n => {{ const f = ({Frames})(); return f.length === n && f.every(x => x > 0); }}", count, wait);
        var first = await Page.EvaluateAsync<int[]>(Frames);
        await Page.WaitForFunctionAsync(
            $"([start, more]) => {{ const f = ({Frames})(); return f.length === start.length && f.every((x, i) => x >= start[i] + more); }}",
            new object[] { first, more }, wait);
        var last = await Page.EvaluateAsync<int[]>(Frames);
        return last.Min();
    }

    /// <summary>
    /// Caps the camera this page captures at 15 frames a second (same size, so the simulcast layers stay as they
    /// are): several publishing browsers share two cores in the tests.
    /// </summary>
    public Task CapCameraFrameRateAsync() => Page.EvaluateAsync(
        """
        () => {
          const devices = navigator.mediaDevices;
          const original = devices.getUserMedia.bind(devices);
          devices.getUserMedia = c => original(c && c.video
            ? { ...c, video: { ...(typeof c.video === 'object' ? c.video : {}), frameRate: { max: 15 } } }
            : c);
        }
        """);

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
