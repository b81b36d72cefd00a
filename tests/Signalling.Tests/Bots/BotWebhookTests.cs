using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Messenger.Signalling.Bots;
using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace Messenger.Signalling.Tests.Bots;

public sealed class BotWebhookTests
{
    [Fact]
    public async Task A_webhook_gets_updates_with_the_secret_retried_after_a_failure_and_dropped_after_too_many()
    {
        await using var host = new TestHost(new Dictionary<string, string?>
        {
            ["Messenger:Bots:AllowInsecureWebhooks"] = "true",
            ["Messenger:Bots:WebhookRetryBase"] = "00:00:00.100",
            ["Messenger:Bots:WebhookMaxAttempts"] = "3",
        });
        await host.StartAsync();
        await using var hook = await WebhookReceiver.StartAsync();
        await using var alice = await ChatClient.ConnectAsync(host, await host.SignUpAsync("alice"), start: false);
        using var bot = await BotKit.CreateAsync(host, alice, "hook_bot");

        Assert.True((await bot.OkAsync("setWebhook", new { url = hook.Url, secret_token = "s3cret-Token_1" })).GetBoolean());
        BotAssert.IsError(await bot.CallAsync("getUpdates"), HttpStatusCode.Conflict);
        Assert.Equal(hook.Url, (await bot.OkAsync("getWebhookInfo")).GetProperty("url").GetString());

        // The receiver answers 500 to the first delivery; the same update comes again and is then confirmed.
        await alice.PostJsonAsync($"/api/direct/{bot.Id}/messages", new { clientMessageId = "a", text = "via webhook" });
        var failed = await hook.NextAsync();
        var delivered = await hook.NextAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, failed.Answered);
        Assert.Equal(HttpStatusCode.OK, delivered.Answered);
        Assert.Equal("s3cret-Token_1", delivered.Secret);
        Assert.Equal(failed.Body.GetProperty("update_id").GetInt64(), delivered.Body.GetProperty("update_id").GetInt64());
        Assert.Equal("via webhook", delivered.Body.GetProperty("message").GetProperty("text").GetString());

        // An update the receiver always refuses is tried WebhookMaxAttempts times, then dropped with the reason kept.
        await alice.PostJsonAsync($"/api/direct/{bot.Id}/messages", new { clientMessageId = "b", text = "doomed" });
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("doomed", (await hook.NextAsync()).Body.GetProperty("message").GetProperty("text").GetString());
        }

        var info = await WaitForAsync(async () => await bot.OkAsync("getWebhookInfo"),
            i => i.TryGetProperty("last_error_message", out var e) && e.GetString()!.Contains("dropped", StringComparison.Ordinal));
        Assert.Contains("HTTP 500", info.GetProperty("last_error_message").GetString(), StringComparison.Ordinal);

        // Back to long polling: nothing is pending, both updates were handled by the webhook.
        Assert.True((await bot.OkAsync("deleteWebhook")).GetBoolean());
        Assert.Empty((await bot.OkAsync("getUpdates")).EnumerateArray());
        Assert.Equal(0, hook.Pending);
    }

    [Fact]
    public async Task Plain_http_webhooks_are_refused_unless_allowed()
    {
        await using var host = new TestHost();
        await host.StartAsync();
        await using var alice = await ChatClient.ConnectAsync(host, await host.SignUpAsync("alice"), start: false);
        using var bot = await BotKit.CreateAsync(host, alice, "strict_bot");

        var refused = await bot.CallAsync("setWebhook", new { url = "http://127.0.0.1:9/hook" });
        BotAssert.IsError(refused, HttpStatusCode.BadRequest);
        Assert.Equal("url", refused.Body.GetProperty("field").GetString());
        var badSecret = await bot.CallAsync("setWebhook", new { url = "https://bot.example/hook", secret_token = "no spaces" });
        Assert.Equal("secret_token", badSecret.Body.GetProperty("field").GetString());
        Assert.Empty((await bot.OkAsync("getUpdates")).EnumerateArray());
    }

    private static async Task<JsonElement> WaitForAsync(Func<Task<JsonElement>> read, Func<JsonElement, bool> done)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(50, patience.Token);
        }
    }

    /// <summary>
    /// A real HTTP server on 127.0.0.1 (Kestrel) playing the bot's webhook: it records every delivery and answers 500
    /// to the first one and to every update whose text is "doomed", 200 otherwise.
    /// </summary>
    private sealed class WebhookReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly Channel<Delivery> _received = Channel.CreateUnbounded<Delivery>();
        private int _count;

        private WebhookReceiver(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";

        public int Pending => _received.Reader.Count;

        public static async Task<WebhookReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            var receiver = new WebhookReceiver(builder.Build());
            receiver._app.MapPost("/hook", (Delegate)receiver.ReceiveAsync);
            await receiver._app.StartAsync();
            var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            receiver.Url = address.TrimEnd('/') + "/hook";
            return receiver;
        }

        public async Task<Delivery> NextAsync()
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            return await _received.Reader.ReadAsync(patience.Token);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        private async Task<IResult> ReceiveAsync(HttpContext http)
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body);
            var body = document.RootElement.Clone();
            var doomed = body.TryGetProperty("message", out var m) && m.GetProperty("text").GetString() == "doomed";
            var status = Interlocked.Increment(ref _count) == 1 || doomed ? HttpStatusCode.InternalServerError : HttpStatusCode.OK;
            _received.Writer.TryWrite(new Delivery(http.Request.Headers[WebhookSender.SecretHeader].ToString(), body, status));
            return Results.StatusCode((int)status);
        }
    }

    private sealed record Delivery(string Secret, JsonElement Body, HttpStatusCode Answered);
}
