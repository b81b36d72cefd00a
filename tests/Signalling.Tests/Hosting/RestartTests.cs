using System.Net;
using System.Net.Http.Json;
using Messenger.Signalling.Api;
using Messenger.Signalling.Tests.Infrastructure;

namespace Messenger.Signalling.Tests.Hosting;

public sealed class RestartTests
{
    [Fact]
    public async Task Users_sessions_and_signing_key_survive_a_restart()
    {
        await using var host = new TestHost();
        await host.StartAsync();
        var tokens = await host.SignUpAsync("survivor");
        var keyFile = Path.Combine(host.DataPath, "keys", "signing-key.pem");
        var keyBefore = await File.ReadAllTextAsync(keyFile);

        await host.StopAsync();
        await host.StartAsync();

        Assert.Equal(keyBefore, await File.ReadAllTextAsync(keyFile));
        // The access token signed before the restart still verifies: the key persisted, and so did the session.
        using (var client = host.Client(tokens.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/users/me")).StatusCode);
        }

        using var anonymous = host.Client();
        var refreshed = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(tokens.DeviceId, (await refreshed.Content.ReadFromJsonAsync<TokenResponse>())!.DeviceId);
        var again = await host.LoginAsync("survivor");
        Assert.Equal(tokens.UserId, again.UserId);
        Assert.NotEqual(tokens.DeviceId, again.DeviceId);
    }

    [Fact]
    public async Task Service_endpoints_answer()
    {
        await using var host = new TestHost();
        await host.StartAsync();
        using var client = host.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        var openApi = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/auth/register", openApi, StringComparison.Ordinal);
        var docs = await client.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);
    }
}
