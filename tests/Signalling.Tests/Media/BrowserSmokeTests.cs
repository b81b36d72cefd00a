using Messenger.Signalling.Tests.Infrastructure;

namespace Messenger.Signalling.Tests.Media;

[Collection(BrowserCollection.Name)]
public sealed class BrowserSmokeTests(HostFixture host, Chromium chromium) : IClassFixture<HostFixture>, IClassFixture<Chromium>
{
    [Fact]
    public async Task Echo_page_loads_and_the_fake_camera_works()
    {
        var page = await chromium.OpenAsync(new Uri(host.Host.BaseAddress, "/echo.html"));
        Assert.Equal("Messenger · echo test", await page.TitleAsync());
        var kinds = await page.EvaluateAsync<string[]>(
            "async () => (await navigator.mediaDevices.getUserMedia({audio: true, video: true})).getTracks().map(t => t.kind).sort()");
        Assert.Equal(["audio", "video"], kinds);
    }
}
