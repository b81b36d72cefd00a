using System.Net;
using System.Text.Json;
using Messenger.Signalling.Bots;
using Messenger.Signalling.Tests.Infrastructure;

namespace Messenger.Signalling.Tests.Bots;

public sealed class BotWebhookTests
{
    [Fact]
    public async Task A_webhook_gets_updates_with_the_secret_retried_after_a_failure_and_dropped_after_too_many()
    {
        await using var host = new TestHost(new Dictionary<string, string?>
        {
            ["Messenger:Bots:AllowInsecureWebhooks"] = "true",
            ["Messenger:Bots:AllowPrivateWebhookAddresses"] = "true",
            ["Messenger:Bots:WebhookRetryBase"] = "00:00:00.100",
            ["Messenger:Bots:WebhookMaxAttempts"] = "3",
        });
        await host.StartAsync();
        // The receiver answers 500 to the first delivery and to every update whose text is "doomed", 200 otherwise.
        await using var hook = await WebhookReceiver.StartAsync((count, body) =>
            count == 1 || (body.TryGetProperty("message", out var m) && m.TryGetProperty("text", out var t) && t.GetString() == "doomed")
                ? HttpStatusCode.InternalServerError
                : HttpStatusCode.OK);
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

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("203.0.113.9", true)] // documentation ranges (RFC 5737, RFC 3849) stand in for public addresses
    [InlineData("2001:db8::9", true)]
    public void Only_public_addresses_may_be_webhook_targets(string address, bool allowed) =>
        Assert.Equal(allowed, WebhookAddressPolicy.IsPublic(IPAddress.Parse(address)));

    /// <summary>
    /// Every refused IPv4 block is refused from its first address to its last, also written as an IPv4-mapped IPv6
    /// address, and the neighbours just outside it are public unless another block holds them. The addresses come from
    /// the policy's own table, so the test checks the matching, not a second copy of the RFC list.
    /// </summary>
    [Fact]
    public void Each_refused_ipv4_block_is_refused_exactly_to_its_edges()
    {
        foreach (var block in WebhookAddressPolicy.RefusedIPv4Blocks)
        {
            foreach (var inside in new[] { block.First, block.Last, block.First + ((block.Last - block.First) / 2) })
            {
                Assert.False(WebhookAddressPolicy.IsPublic(Address(inside)), Address(inside).ToString());
                Assert.False(WebhookAddressPolicy.IsPublic(Address(inside).MapToIPv6()), Address(inside).MapToIPv6().ToString());
            }

            foreach (var outside in new[] { (long)block.First - 1, (long)block.Last + 1 })
            {
                if (outside is >= 0 and <= uint.MaxValue
                    && !WebhookAddressPolicy.RefusedIPv4Blocks.Any(other => other.Contains((uint)outside))
                    && !IPAddress.IsLoopback(Address((uint)outside)))
                {
                    Assert.True(WebhookAddressPolicy.IsPublic(Address((uint)outside)), Address((uint)outside).ToString());
                }
            }
        }
    }

    private static IPAddress Address(uint value)
    {
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    [Fact]
    public async Task A_webhook_into_the_servers_own_network_is_refused_by_default()
    {
        await using var host = new TestHost(new Dictionary<string, string?>
        {
            ["Messenger:Bots:AllowInsecureWebhooks"] = "true",
            ["Messenger:Bots:WebhookRetryBase"] = "00:00:00.050",
            ["Messenger:Bots:WebhookMaxAttempts"] = "1",
        });
        await host.StartAsync();
        await using var hook = await WebhookReceiver.StartAsync((_, _) => HttpStatusCode.OK);
        await using var alice = await ChatClient.ConnectAsync(host, await host.SignUpAsync("ssrfowner"), start: false);
        using var bot = await BotKit.CreateAsync(host, alice, "inside_bot");

        // A literal inside address is refused when set.
        var literal = await bot.CallAsync("setWebhook", new { url = hook.Url });
        BotAssert.IsError(literal, HttpStatusCode.BadRequest);
        Assert.Equal("url", literal.Body.GetProperty("field").GetString());

        // A name that resolves inside (localhost) is accepted when set but never connected to: the delivery fails
        // with the reason, and the receiver hears nothing.
        var byName = hook.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        Assert.True((await bot.OkAsync("setWebhook", new { url = byName })).GetBoolean());
        await alice.PostJsonAsync($"/api/direct/{bot.Id}/messages", new { clientMessageId = "x", text = "hello?" });
        string? reason = null;
        for (var attempt = 0; attempt < 100 && reason is null; attempt++)
        {
            var info = await bot.OkAsync("getWebhookInfo");
            reason = info.TryGetProperty("last_error_message", out var m) ? m.GetString() : null;
            if (reason is null)
            {
                await Task.Delay(100);
            }
        }

        Assert.Contains("not a public address", reason, StringComparison.Ordinal);
        Assert.Equal(0, hook.Pending);
    }
}
