using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Messenger.Signalling.Api;
using Microsoft.AspNetCore.SignalR.Client;

namespace Messenger.Signalling.Tests.Infrastructure;

/// <summary>
/// One device: a real SignalR connection to the test host plus an HTTP client with the same token, recording every
/// "Update", "Typing" and "Presence" event it receives.
/// </summary>
public sealed class ChatClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly string[] EventNames =
    [
        "Update", "Typing", "Presence",
        "CallRinging", "CallAnswered", "CallJoined", "CallDeclined", "CallBusy", "CallMissed", "CallLeft", "CallEnded",
    ];

    private readonly Channel<(string Event, JsonElement Payload)> _events = Channel.CreateUnbounded<(string, JsonElement)>();
    private readonly List<(string Event, JsonElement Payload)> _history = [];

    private ChatClient(TestHost host, TokenResponse tokens)
    {
        Tokens = tokens;
        Http = host.Client(tokens.AccessToken);
        Hub = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, "/hub"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(tokens.AccessToken))
            .Build();
        foreach (var name in EventNames)
        {
            Hub.On<JsonElement>(name, payload =>
            {
                lock (_history)
                {
                    _history.Add((name, payload));
                }

                _events.Writer.TryWrite((name, payload));
            });
        }
    }

    public TokenResponse Tokens { get; }

    public string UserId => Tokens.UserId;

    public HttpClient Http { get; }

    public HubConnection Hub { get; }

    /// <summary>Highest update cursor this device has seen, as a client would keep it.</summary>
    public long Cursor { get; private set; }

    public static async Task<ChatClient> ConnectAsync(TestHost host, TokenResponse tokens, bool start = true)
    {
        var client = new ChatClient(host, tokens);
        if (start)
        {
            await client.Hub.StartAsync();
        }

        return client;
    }

    /// <summary>Waits for the next "Update" of <paramref name="kind"/> matching the filter, skipping others.</summary>
    public async Task<JsonElement> NextUpdateAsync(string kind, Func<JsonElement, bool>? filter = null)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var (name, payload) = await _events.Reader.ReadAsync(timeout.Token);
            if (name != "Update")
            {
                continue;
            }

            Cursor = Math.Max(Cursor, payload.GetProperty("cursor").GetInt64());
            if (payload.GetProperty("kind").GetString() == kind && (filter?.Invoke(payload.GetProperty("data")) ?? true))
            {
                return payload;
            }
        }
    }

    public async Task<JsonElement> NextEventAsync(string name)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var (got, payload) = await _events.Reader.ReadAsync(timeout.Token);
            if (got == name)
            {
                return payload;
            }
        }
    }

    /// <summary>
    /// Waits until an event named <paramref name="name"/> matching the filter has arrived, at any time since connecting.
    /// Unlike <see cref="NextEventAsync"/> it consumes nothing, so waits for different events can come in any order.
    /// </summary>
    public async Task<JsonElement> SeenAsync(string name, Func<JsonElement, bool>? filter = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            lock (_history)
            {
                foreach (var (got, payload) in _history)
                {
                    if (got == name && (filter?.Invoke(payload) ?? true))
                    {
                        return payload;
                    }
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no {name} event arrived");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>How many events named <paramref name="name"/> matching the filter have arrived so far.</summary>
    public int CountSeen(string name, Func<JsonElement, bool>? filter = null)
    {
        lock (_history)
        {
            return _history.Count(e => e.Event == name && (filter?.Invoke(e.Payload) ?? true));
        }
    }

    /// <summary>Everything received so far without waiting (for asserting that something did not arrive).</summary>
    public List<(string Event, JsonElement Payload)> Drain()
    {
        var list = new List<(string, JsonElement)>();
        while (_events.Reader.TryRead(out var item))
        {
            list.Add(item);
        }

        return list;
    }

    public async Task<JsonElement> GetJsonAsync(string url) =>
        await Http.GetFromJsonAsync<JsonElement>(url);

    public async Task<JsonElement> PostJsonAsync(string url, object body)
    {
        var response = await Http.PostAsJsonAsync(url, body);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Creates a group (or channel) over REST and returns its id.</summary>
    public async Task<string> CreateAsync(string title, string kind = "group", params string[] memberIds) =>
        (await PostJsonAsync("/api/conversations", new { kind, title, memberIds })).GetProperty("id").GetString()!;

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        Http.Dispose();
    }
}
