using System.Net.Http.Json;
using System.Text.Json;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Receipts;
using Messenger.ChatCore.Sync;
using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Messenger.Signalling.Tests.Hubs;

/// <summary>Two users, Bob on two devices, talking through real SignalR connections.</summary>
public sealed class ChatHubMessagingTests(HostFixture fixture) : IClassFixture<HostFixture>, IAsyncLifetime
{
    private readonly TestHost _host = fixture.Host;
    private ChatClient _alice = null!, _bobPhone = null!, _bobLaptop = null!;

    public async Task InitializeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        _alice = await ChatClient.ConnectAsync(_host, await _host.SignUpAsync("alice" + suffix));
        var bob = await _host.SignUpAsync("bob" + suffix, device: "phone");
        _bobPhone = await ChatClient.ConnectAsync(_host, bob);
        _bobLaptop = await ChatClient.ConnectAsync(_host, await _host.LoginAsync("bob" + suffix, device: "laptop"));
    }

    public async Task DisposeAsync()
    {
        await _alice.DisposeAsync();
        await _bobPhone.DisposeAsync();
        await _bobLaptop.DisposeAsync();
    }

    private Task<SendOutcome> SendDirectAsync(string text, string? clientId = null) =>
        _alice.Hub.InvokeAsync<SendOutcome>("Send", new SendMessage(null, _bobPhone.UserId, clientId ?? Guid.NewGuid().ToString("N"), text, null));

    private static long Seq(JsonElement update) => update.GetProperty("data").GetProperty("seq").GetInt64();

    [Fact]
    public async Task A_direct_message_reaches_every_device_of_both_users()
    {
        var sent = await SendDirectAsync("hello bob");
        Assert.True(sent.Created);
        Assert.Equal(1, sent.Message.Seq);

        foreach (var device in new[] { _bobPhone, _bobLaptop })
        {
            var added = await device.NextUpdateAsync(UpdateKinds.ConversationAdded);
            Assert.Equal(_alice.UserId, added.GetProperty("data").GetProperty("peerId").GetString());
            var received = await device.NextUpdateAsync(UpdateKinds.MessageNew);
            Assert.Equal("hello bob", received.GetProperty("data").GetProperty("text").GetString());
            Assert.Equal(_alice.UserId, received.GetProperty("data").GetProperty("senderId").GetString());
        }

        var echo = await _alice.NextUpdateAsync(UpdateKinds.MessageNew);
        Assert.Equal(sent.Message.ConversationId, echo.GetProperty("conversationId").GetString());
    }

    [Fact]
    public async Task Receipts_reach_the_sender_and_the_readers_other_device()
    {
        var sent = await SendDirectAsync("read me");
        var conversationId = sent.Message.ConversationId;
        await _bobPhone.NextUpdateAsync(UpdateKinds.MessageNew);

        var delivered = await _bobPhone.Hub.InvokeAsync<Receipt>("MarkDelivered", conversationId, sent.Message.Seq);
        Assert.Equal((1L, 0L), (delivered.DeliveredSeq, delivered.ReadSeq));
        var read = await _bobPhone.Hub.InvokeAsync<Receipt>("MarkRead", conversationId, sent.Message.Seq);
        Assert.Equal((1L, 1L, 0L), (read.DeliveredSeq, read.ReadSeq, read.UnreadCount));

        var seenByAlice = await _alice.NextUpdateAsync(UpdateKinds.Receipt, d => d.GetProperty("readSeq").GetInt64() == 1);
        Assert.Equal(_bobPhone.UserId, seenByAlice.GetProperty("data").GetProperty("userId").GetString());
        await _bobLaptop.NextUpdateAsync(UpdateKinds.Receipt, d => d.GetProperty("readSeq").GetInt64() == 1);

        var list = await _bobLaptop.GetJsonAsync("/api/conversations");
        Assert.Equal(0, list[0].GetProperty("unreadCount").GetInt64());
    }

    [Fact]
    public async Task Typing_reaches_the_others_but_not_the_typing_connection()
    {
        var conversationId = (await SendDirectAsync("hi")).Message.ConversationId;
        await _bobPhone.NextUpdateAsync(UpdateKinds.MessageNew);
        await _bobPhone.Hub.InvokeAsync("Typing", conversationId);

        var typing = await _alice.NextEventAsync("Typing");
        Assert.Equal(_bobPhone.UserId, typing.GetProperty("userId").GetString());
        Assert.Equal(conversationId, (await _bobLaptop.NextEventAsync("Typing")).GetProperty("conversationId").GetString());
        await _bobPhone.Hub.InvokeAsync<JsonElement>("WhoAmI"); // a round trip on that connection, so anything in flight has arrived
        Assert.DoesNotContain(_bobPhone.Drain(), e => e.Event == "Typing");
    }

    [Fact]
    public async Task Edit_delete_and_react_are_pushed()
    {
        var sent = (await SendDirectAsync("original")).Message;
        var (id, seq) = (sent.ConversationId, sent.Seq);

        var edited = await _alice.Hub.InvokeAsync<ChatMessage>("Edit", id, seq, "edited");
        Assert.NotNull(edited.EditedAt);
        var editSeen = await _bobLaptop.NextUpdateAsync(UpdateKinds.MessageEdited);
        Assert.Equal("edited", editSeen.GetProperty("data").GetProperty("text").GetString());

        Assert.True(await _bobPhone.Hub.InvokeAsync<bool>("React", id, seq, "🔥", true));
        var reaction = await _alice.NextUpdateAsync(UpdateKinds.ReactionAdded);
        Assert.Equal("🔥", reaction.GetProperty("data").GetProperty("emoji").GetString());

        Assert.True(await _alice.Hub.InvokeAsync<bool>("Delete", id, seq, true));
        var deleted = await _bobPhone.NextUpdateAsync(UpdateKinds.MessageDeleted);
        Assert.Equal(seq, Seq(deleted));
        var page = await _bobPhone.Hub.InvokeAsync<MessagePage>("History", id, null, null, 10);
        Assert.True(Assert.Single(page.Items).Deleted);
        var edits = await _bobPhone.GetJsonAsync($"/api/conversations/{id}/messages/{seq}/edits");
        Assert.Equal(0, edits.GetArrayLength()); // deleting for everyone drops the edit history too
    }

    [Fact]
    public async Task Resending_with_the_same_client_id_is_idempotent()
    {
        var first = await SendDirectAsync("once", "client-1");
        var retry = await SendDirectAsync("once", "client-1");
        Assert.False(retry.Created);
        Assert.Equal(first.Message.Seq, retry.Message.Seq);

        // The REST resend answers 200 with the same message.
        var rest = await _alice.Http.PostAsJsonAsync($"/api/conversations/{first.Message.ConversationId}/messages",
            new { clientMessageId = "client-1", text = "once" });
        Assert.Equal(System.Net.HttpStatusCode.OK, rest.StatusCode);

        await SendDirectAsync("marker");
        var texts = new List<string?>();
        while (texts.LastOrDefault() != "marker")
        {
            texts.Add((await _bobPhone.NextUpdateAsync(UpdateKinds.MessageNew)).GetProperty("data").GetProperty("text").GetString());
        }

        Assert.Equal(["once", "marker"], texts);
    }

    [Fact]
    public async Task An_offline_device_catches_up_through_sync_and_a_reconnect_misses_nothing()
    {
        await SendDirectAsync("while online");
        await _bobLaptop.NextUpdateAsync(UpdateKinds.MessageNew);
        var cursor = _bobLaptop.Cursor;
        await _bobLaptop.Hub.StopAsync();

        for (var i = 0; i < 5; i++)
        {
            await SendDirectAsync($"while offline {i}");
        }

        await _bobPhone.NextUpdateAsync(UpdateKinds.MessageNew, d => d.GetProperty("text").GetString() == "while offline 4");
        var reaction = await _bobPhone.Hub.InvokeAsync<bool>("React", (await _bobPhone.GetJsonAsync("/api/conversations"))[0].GetProperty("conversation").GetProperty("id").GetString(), 2L, "👍", true);
        Assert.True(reaction);

        // Reconnect first, then sync from the stored cursor: pushes after this point are live, the rest come by sync.
        await _bobLaptop.Hub.StartAsync();
        var caughtUp = new List<JsonElement>();
        var page = await _bobLaptop.GetJsonAsync($"/api/sync?since={cursor}&limit=2");
        caughtUp.AddRange(page.GetProperty("updates").EnumerateArray());
        while (page.GetProperty("hasMore").GetBoolean())
        {
            page = await _bobLaptop.GetJsonAsync($"/api/sync?since={page.GetProperty("nextCursor").GetInt64()}&limit=2");
            caughtUp.AddRange(page.GetProperty("updates").EnumerateArray());
        }

        var texts = caughtUp.Where(u => u.GetProperty("kind").GetString() == UpdateKinds.MessageNew)
            .Select(u => u.GetProperty("data").GetProperty("text").GetString());
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"while offline {i}"), texts);
        Assert.Contains(caughtUp, u => u.GetProperty("kind").GetString() == UpdateKinds.ReactionAdded);

        // The hub's Sync gives the same page.
        var viaHub = await _bobLaptop.Hub.InvokeAsync<SyncPage>("Sync", cursor, 100);
        Assert.Equal(caughtUp.Select(u => u.GetProperty("cursor").GetInt64()), viaHub.Updates.Select(u => u.Cursor));

        await SendDirectAsync("after reconnect");
        await _bobLaptop.NextUpdateAsync(UpdateKinds.MessageNew, d => d.GetProperty("text").GetString() == "after reconnect");
    }

    [Fact]
    public async Task A_send_cut_off_by_a_dropped_connection_is_retried_without_duplicates()
    {
        var conversationId = (await SendDirectAsync("first")).Message.ConversationId;
        var inFlight = _alice.Hub.InvokeAsync<SendOutcome>("Send",
            new SendMessage(conversationId, null, "flaky-1", "maybe lost", null));
        await _alice.Hub.StopAsync(); // the connection drops, usually before the answer arrives
        try
        {
            await inFlight;
        }
        catch (Exception exception) when (exception is TaskCanceledException or OperationCanceledException or InvalidOperationException)
        {
            // Lost answer: exactly the case at-least-once delivery has to cover.
        }

        // The client can't know whether the server stored it, so it resends with the same id after reconnecting.
        await _alice.Hub.StartAsync();
        var retried = await _alice.Hub.InvokeAsync<SendOutcome>("Send",
            new SendMessage(conversationId, null, "flaky-1", "maybe lost", null));
        var again = await _alice.Hub.InvokeAsync<SendOutcome>("Send",
            new SendMessage(conversationId, null, "flaky-1", "maybe lost", null));
        Assert.Equal(retried.Message.Seq, again.Message.Seq);
        Assert.False(again.Created);

        var history = await _bobPhone.Hub.InvokeAsync<MessagePage>("History", conversationId, null, null, 50);
        Assert.Single(history.Items, m => m.ClientMessageId == "flaky-1");
        Assert.Equal(history.Items.Select(m => m.Seq), Enumerable.Range(1, history.Items.Count).Select(i => (long)i));
    }

    [Theory]
    [InlineData("", "invalid:text")]
    [InlineData("__LONG__", "invalid:text")]
    public async Task Bad_input_is_a_hub_exception_with_a_code(string text, string code)
    {
        var body = text == "__LONG__" ? new string('x', 4097) : text;
        var refused = await Assert.ThrowsAsync<HubException>(() => SendDirectAsync(body));
        Assert.Equal(code, HubErrorCode(refused));
    }

    [Fact]
    public async Task Blocked_users_cannot_message_you()
    {
        Assert.True((await _bobPhone.Http.PutAsync($"/api/blocks/{_alice.UserId}", null)).IsSuccessStatusCode);
        var refused = await Assert.ThrowsAsync<HubException>(() => SendDirectAsync("let me in"));
        Assert.Equal("forbidden:toUserId", HubErrorCode(refused));
    }
}
