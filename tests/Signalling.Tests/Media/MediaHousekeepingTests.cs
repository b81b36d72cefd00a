using System.Net;
using System.Text;
using System.Text.Json;
using Messenger.Signalling.Tests.Infrastructure;

namespace Messenger.Signalling.Tests.Media;

/// <summary>Consent expiry frees a session nobody connects to; stats, metrics and ICE-server Link headers.</summary>
public sealed class MediaHousekeepingTests : IAsyncLifetime
{
    private readonly TestHost _host = new(new Dictionary<string, string?>
    {
        ["Media:ConsentTimeout"] = "00:00:01",
        ["Media:RtcpInterval"] = "00:00:00.200",
        ["Media:IceServers:0:Url"] = "stun:127.0.0.1:3478",
        ["Media:IceServers:1:Url"] = "turn:127.0.0.1:3478?transport=udp",
        ["Media:IceServers:1:Username"] = "user",
        ["Media:IceServers:1:Credential"] = "secret",
    });

    public Task InitializeAsync() => _host.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_session_whose_peer_never_checks_in_is_closed_and_freed()
    {
        var user = await _host.SignUpAsync("silent");
        using var client = _host.Client(user.AccessToken);
        var created = await client.PostAsync("/whip/quiet",
            new StringContent(WhipEndpointTests.Offer(), Encoding.UTF8, "application/sdp"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var links = created.Headers.GetValues("Link").ToList();
        Assert.Contains(links, l => l.Contains("<stun:127.0.0.1:3478>; rel=\"ice-server\"", StringComparison.Ordinal));
        Assert.Contains(links, l => l.Contains("username=\"user\"", StringComparison.Ordinal));

        // Bounded wait: at most 50 polls of 200 ms for the housekeeping to notice the silence.
        var rooms = -1;
        for (var i = 0; i < 50 && rooms != 0; i++)
        {
            await Task.Delay(200);
            rooms = (await client.GetFromJsonAsync<JsonElement>("/media/stats")).GetProperty("rooms").GetInt32();
        }

        Assert.Equal(0, rooms);
        await ProblemAssert.IsProblemAsync(await client.DeleteAsync(created.Headers.Location), HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task Metrics_are_served_in_prometheus_text_with_drop_reasons()
    {
        using var client = _host.Client();
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("messenger_media_drops_total{reason=\"SrtpAuthFailed\"}", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE messenger_media_datagrams_received_total counter", text, StringComparison.Ordinal);
    }
}

file static class JsonClient
{
    public static async Task<T> GetFromJsonAsync<T>(this HttpClient client, string url) =>
        (await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<T>(client, url))!;
}
