using Microsoft.Playwright;

namespace Messenger.Signalling.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright with ExecutablePath (never a downloaded browser), with a fake
/// camera and microphone. Flags from shared/notes/real-peers.md; --allow-loopback-in-peer-connection lets it use
/// 127.0.0.1, the only address inside the loopback-only namespace the tests run in.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/lib/chromium/chromium";

    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection", "--autoplay-policy=no-user-gesture-required",
    ];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Flags,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A fresh context (its own cookies and storage) with one page open at <paramref name="url"/>.</summary>
    public async Task<IPage> OpenAsync(Uri url)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Permissions = ["camera", "microphone"] });
        var page = await context.NewPageAsync();
        await page.GotoAsync(url.ToString());
        return page;
    }
}
