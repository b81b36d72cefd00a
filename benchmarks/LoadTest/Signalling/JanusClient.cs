using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Messenger.LoadTest.Signalling;

/// <summary>
/// Janus's HTTP API (janus.plugin.videoroom): one session, one handle per peer. Plugin messages are acknowledged at
/// once and answered later as events on the session's long poll (GET /janus/&lt;session&gt;), matched here by
/// transaction. The long poll also keeps the session alive (it times out after 60 s without one). Session and handle
/// ids are 64-bit integers and are kept as such.
/// </summary>
public sealed class JanusClient(Uri baseUri) : IAsyncDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _poll;
    private long _transactions;

    public ulong SessionId { get; private set; }

    public async Task CreateSessionAsync(CancellationToken cancellationToken)
    {
        var created = await PostAsync("/janus", new JsonObject { ["janus"] = "create" }, cancellationToken);
        SessionId = created.GetProperty("data").GetProperty("id").GetUInt64();
        _poll = Task.Run(() => PollAsync(_stop.Token), CancellationToken.None);
    }

    public async Task<ulong> AttachAsync(CancellationToken cancellationToken)
    {
        var attached = await PostAsync($"/janus/{SessionId}", new JsonObject { ["janus"] = "attach", ["plugin"] = "janus.plugin.videoroom" }, cancellationToken);
        return attached.GetProperty("data").GetProperty("id").GetUInt64();
    }

    /// <summary>Sends a plugin message (and JSEP) on a handle and waits for its event; throws on a plugin error.</summary>
    public async Task<JsonElement> MessageAsync(ulong handle, JsonObject body, JsonObject? jsep, CancellationToken cancellationToken)
    {
        var transaction = "t" + Interlocked.Increment(ref _transactions);
        var waiter = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[transaction] = waiter;
        var message = new JsonObject { ["janus"] = "message", ["body"] = body };
        if (jsep is not null)
        {
            message["jsep"] = jsep;
        }

        await PostAsync($"/janus/{SessionId}/{handle}", message, cancellationToken, transaction);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var result = await waiter.Task.WaitAsync(timeout.Token);
        var data = result.GetProperty("plugindata").GetProperty("data");
        if (data.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"videoroom: {error.GetString()}");
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_poll is not null)
        {
            await _poll;
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task<JsonElement> PostAsync(string path, JsonObject request, CancellationToken cancellationToken, string? transaction = null)
    {
        request["transaction"] = transaction ?? "t" + Interlocked.Increment(ref _transactions);
        using var response = await _http.PostAsJsonAsync(path, request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var reply = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var kind = reply.GetProperty("janus").GetString();
        if (kind is not ("success" or "ack"))
        {
            throw new InvalidOperationException($"janus {request["janus"]}: {reply}");
        }

        return reply;
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var events = await _http.GetFromJsonAsync<JsonElement>($"/janus/{SessionId}?maxev=50", cancellationToken);
                foreach (var item in events.ValueKind == JsonValueKind.Array ? events.EnumerateArray() : Enumerable.Repeat(events, 1))
                {
                    if (item.TryGetProperty("transaction", out var transaction) && item.TryGetProperty("plugindata", out _)
                        && _pending.TryRemove(transaction.GetString()!, out var waiter))
                    {
                        waiter.TrySetResult(item.Clone());
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }
}
