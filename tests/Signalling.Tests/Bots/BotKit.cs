using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Messenger.Signalling.Tests.Infrastructure;

namespace Messenger.Signalling.Tests.Bots;

/// <summary>A bot as a test drives it: its id and token, and calls to /bot{token}/{method} over real HTTP.</summary>
internal sealed class BotKit(TestHost host, string id, string token) : IDisposable
{
    private readonly HttpClient _http = host.Client();

    public string Id { get; } = id;

    public string Token { get; } = token;

    public static async Task<BotKit> CreateAsync(TestHost host, ChatClient owner, string username)
    {
        var response = await owner.Http.PostAsJsonAsync("/api/bots", new { username, displayName = username });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new BotKit(host, created.GetProperty("bot").GetProperty("id").GetString()!, created.GetProperty("token").GetString()!);
    }

    /// <summary>Calls a method with a JSON body; returns the HTTP status and the parsed envelope.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(string method, object? parameters = null)
    {
        var response = await _http.PostAsJsonAsync($"/bot{Token}/{method}", parameters ?? new { });
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(string method, HttpContent content)
    {
        var response = await _http.PostAsync($"/bot{Token}/{method}", content);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>Calls a method that must succeed and returns its result.</summary>
    public async Task<JsonElement> OkAsync(string method, object? parameters = null)
    {
        var (status, body) = await CallAsync(method, parameters);
        Assert.True(status == HttpStatusCode.OK && body.GetProperty("ok").GetBoolean(), $"{method}: {(int)status} {body}");
        return body.GetProperty("result");
    }

    /// <summary>Long-polls until at least one update is there.</summary>
    public async Task<JsonElement[]> UpdatesAsync(long offset = 0)
    {
        var result = await OkAsync("getUpdates", new { offset, timeout = 10 });
        return [.. result.EnumerateArray()];
    }

    public void Dispose() => _http.Dispose();
}

internal static class BotAssert
{
    /// <summary>Asserts a Telegram-shaped error: ok false, error_code equal to the HTTP status, a description.</summary>
    public static void IsError((HttpStatusCode Status, JsonElement Body) call, HttpStatusCode status)
    {
        Assert.Equal(status, call.Status);
        Assert.False(call.Body.GetProperty("ok").GetBoolean());
        Assert.Equal((int)status, call.Body.GetProperty("error_code").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(call.Body.GetProperty("description").GetString()));
    }
}
