using System.Net;
using System.Net.Http.Json;
using Messenger.Signalling.Tests.Infrastructure;

namespace Messenger.Signalling.Tests.Api;

public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly TestHost _host = new(new Dictionary<string, string?>
    {
        ["Messenger:AuthPermitsPerIp"] = "8",
        ["Messenger:AuthPermitsPerUsername"] = "3",
        ["Messenger:AuthRateWindow"] = "01:00:00",
    });

    public Task InitializeAsync() => _host.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Login_is_limited_per_username_then_per_ip()
    {
        using var client = _host.Client();
        for (var i = 0; i < 3; i++)
        {
            var attempt = await client.PostAsJsonAsync("/api/auth/login", new { username = "victim", password = "guess" + i });
            Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode);
        }

        var limited = await client.PostAsJsonAsync("/api/auth/login", new { username = "VICTIM", password = "guess" });
        await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests, "username");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // Other usernames from the same IP still get through until the per-IP budget (8 in all) runs out.
        for (var i = 0; i < 4; i++)
        {
            var other = await client.PostAsJsonAsync("/api/auth/login", new { username = "other" + i, password = "guess" });
            Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
        }

        var ipLimited = await client.PostAsJsonAsync("/api/auth/register", new { username = "fresh", password = "password1", displayName = "F" });
        await ProblemAssert.IsProblemAsync(ipLimited, HttpStatusCode.TooManyRequests, "ip");
        Assert.NotNull(ipLimited.Headers.RetryAfter);
    }
}
