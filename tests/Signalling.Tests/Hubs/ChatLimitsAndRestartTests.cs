using System.Net;
using System.Net.Http.Json;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Sync;
using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Messenger.Signalling.Tests.Hubs;

public sealed class ChatLimitsAndRestartTests
{
    [Fact]
    public async Task A_flood_is_refused_on_the_hub_and_on_rest_with_nothing_written()
    {
        await using var host = new TestHost(new Dictionary<string, string?>
        {
            ["Messenger:Chat:SendBurst"] = "3",
            ["Messenger:Chat:SendPerSecond"] = "1",
        });
        await host.StartAsync();
        await using var alice = await ChatClient.ConnectAsync(host, await host.SignUpAsync("flooder"));
        var bob = await host.SignUpAsync("target");

        var results = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            try
            {
                await alice.Hub.InvokeAsync<SendOutcome>("Send", new SendMessage(null, bob.UserId, $"c{i}", "spam", null));
                results.Add("ok");
            }
            catch (HubException refused)
            {
                results.Add(HubErrorCode(refused));
            }
        }

        Assert.Equal(3, results.Count(r => r == "ok"));
        Assert.Contains("rate_limited:user", results);
        var rest = await alice.Http.PostAsJsonAsync($"/api/direct/{bob.UserId}/messages", new { clientMessageId = "r", text = "spam" });
        await ProblemAssert.IsProblemAsync(rest, HttpStatusCode.TooManyRequests, "user");
        Assert.NotNull(rest.Headers.RetryAfter);

        using var bobHttp = host.Client(bob.AccessToken);
        var list = await bobHttp.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/conversations");
        Assert.Equal(3, list[0].GetProperty("conversation").GetProperty("lastSeq").GetInt64());
    }

    [Theory]
    [InlineData("{\"clientMessageId\":\"a\",\"text\":\"__LONG__\"}", "text")]
    [InlineData("{\"clientMessageId\":\"a\",\"text\":\"\"}", "text")]
    [InlineData("{\"text\":\"hi\"}", "clientMessageId")]
    [InlineData("{\"clientMessageId\":\"a\",\"text\":\"hi\",\"replyToSeq\":42}", "replyToSeq")]
    [InlineData("{\"clientMessageId\":\"a\",\"text\":5}", "text")]
    public async Task Bad_messages_are_problems_naming_the_field(string json, string field)
    {
        await using var host = new TestHost();
        await host.StartAsync();
        await using var alice = await ChatClient.ConnectAsync(host, await host.SignUpAsync("writer"), start: false);
        var group = await alice.CreateAsync("G");
        using var content = new StringContent(json.Replace("__LONG__", new string('x', 4097), StringComparison.Ordinal),
            System.Text.Encoding.UTF8, "application/json");
        await ProblemAssert.IsProblemAsync(await alice.Http.PostAsync($"/api/conversations/{group}/messages", content), HttpStatusCode.BadRequest, field);
        var page = await alice.GetJsonAsync($"/api/conversations/{group}/messages");
        Assert.Equal(1, page.GetProperty("items").GetArrayLength()); // only "created"
    }

    [Fact]
    public async Task A_host_restart_loses_nothing()
    {
        await using var host = new TestHost();
        await host.StartAsync();
        var aliceTokens = await host.SignUpAsync("before");
        var bobTokens = await host.SignUpAsync("after");
        long cursor;
        string group;
        await using (var alice = await ChatClient.ConnectAsync(host, aliceTokens))
        {
            group = await alice.CreateAsync("Durable", "group", bobTokens.UserId);
            for (var i = 0; i < 3; i++)
            {
                await alice.Hub.InvokeAsync<SendOutcome>("Send", new SendMessage(group, null, $"m{i}", $"message {i}", null));
            }

            await alice.Hub.InvokeAsync<bool>("React", group, 2L, "💾", true);
            await alice.Hub.InvokeAsync<ChatMessage>("Edit", group, 3L, "edited before restart");
            cursor = (await alice.Hub.InvokeAsync<SyncPage>("Sync", 0L, 1000)).NextCursor;
        }

        await host.StopAsync();
        await host.StartAsync();

        await using var bob = await ChatClient.ConnectAsync(host, bobTokens);
        var sync = await bob.GetJsonAsync("/api/sync?since=0&limit=1000");
        var kinds = sync.GetProperty("updates").EnumerateArray().Select(u => u.GetProperty("kind").GetString()).ToList();
        Assert.Equal(4, kinds.Count(k => k == UpdateKinds.MessageNew)); // created + 3
        Assert.Contains(UpdateKinds.ReactionAdded, kinds);
        Assert.Contains(UpdateKinds.MessageEdited, kinds);

        var page = await bob.Hub.InvokeAsync<MessagePage>("History", group, null, null, 10);
        Assert.Equal(["", "message 0", "edited before restart", "message 2"], page.Items.Select(m => m.Text));
        Assert.Equal("💾", Assert.Single(page.Items[1].Reactions).Emoji);

        // Seqs and cursors carry on from where they were, and the idempotency key still holds.
        await using var alice2 = await ChatClient.ConnectAsync(host, aliceTokens);
        var resend = await alice2.Hub.InvokeAsync<SendOutcome>("Send", new SendMessage(group, null, "m0", "message 0", null));
        Assert.False(resend.Created);
        var next = await alice2.Hub.InvokeAsync<SendOutcome>("Send", new SendMessage(group, null, "m3", "message 3", null));
        Assert.Equal(5, next.Message.Seq);
        var live = await bob.NextUpdateAsync(UpdateKinds.MessageNew);
        Assert.True(live.GetProperty("cursor").GetInt64() > cursor);
    }

    [Fact]
    public async Task Presence_is_pushed_to_direct_peers_and_respects_the_privacy_setting()
    {
        await using var host = new TestHost();
        await host.StartAsync();
        await using var alice = await ChatClient.ConnectAsync(host, await host.SignUpAsync("watcher"));
        var bobTokens = await host.SignUpAsync("watched");
        await alice.PostJsonAsync($"/api/direct/{bobTokens.UserId}/messages", new { clientMessageId = "1", text = "hi" });

        await using (var bob = await ChatClient.ConnectAsync(host, bobTokens))
        {
            var online = await alice.NextEventAsync("Presence");
            Assert.True(online.GetProperty("online").GetBoolean());
            Assert.True((await alice.GetJsonAsync($"/api/presence/{bobTokens.UserId}")).GetProperty("online").GetBoolean());
            Assert.Equal(HttpStatusCode.NoContent,
                (await bob.Http.PutAsJsonAsync("/api/presence/visibility", new { visibility = "nobody" })).StatusCode);
        }

        var hidden = await alice.GetJsonAsync($"/api/presence/{bobTokens.UserId}");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, hidden.GetProperty("online").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, hidden.GetProperty("lastSeen").ValueKind);
        await alice.Hub.InvokeAsync<Messenger.Signalling.Hubs.ConnectionIdentity>("WhoAmI");
        Assert.DoesNotContain(alice.Drain(), e => e.Event == "Presence"); // going offline was not told
    }
}
