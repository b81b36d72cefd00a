using System.Net;
using System.Net.Http.Json;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Sync;
using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Messenger.Signalling.Tests.Hubs;

public sealed class ChatGroupFlowTests(HostFixture fixture) : IClassFixture<HostFixture>, IAsyncLifetime
{
    private readonly TestHost _host = fixture.Host;
    private ChatClient _owner = null!, _bob = null!, _carol = null!;

    public async Task InitializeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        _owner = await ChatClient.ConnectAsync(_host, await _host.SignUpAsync("owner" + suffix));
        _bob = await ChatClient.ConnectAsync(_host, await _host.SignUpAsync("bob" + suffix));
        _carol = await ChatClient.ConnectAsync(_host, await _host.SignUpAsync("carol" + suffix));
    }

    public async Task DisposeAsync()
    {
        await _owner.DisposeAsync();
        await _bob.DisposeAsync();
        await _carol.DisposeAsync();
    }

    private static SendMessage Text(string conversationId, string text) =>
        new(conversationId, null, Guid.NewGuid().ToString("N"), text, null);

    [Fact]
    public async Task Group_admin_flows_move_live_connections_in_and_out()
    {
        var group = await _owner.CreateAsync("Team", "group", _bob.UserId);
        var added = await _bob.NextUpdateAsync(UpdateKinds.ConversationAdded);
        Assert.Equal("owner", added.GetProperty("data").GetProperty("role").GetString() == "member" ? "owner" : "wrong");

        // Bob's already-open connection now receives the group's messages.
        await _owner.Hub.InvokeAsync<SendOutcome>("Send", Text(group, "welcome"));
        await _bob.NextUpdateAsync(UpdateKinds.MessageNew, d => d.GetProperty("text").GetString() == "welcome");

        // A member can't add; the owner adds Carol, who is told, and the others see her join.
        var refused = await _bob.Http.PutAsync($"/api/conversations/{group}/members/{_carol.UserId}", null);
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Forbidden, "role");
        Assert.Equal(HttpStatusCode.OK, (await _owner.Http.PutAsync($"/api/conversations/{group}/members/{_carol.UserId}", null)).StatusCode);
        await _carol.NextUpdateAsync(UpdateKinds.ConversationAdded);
        var joined = await _bob.NextUpdateAsync(UpdateKinds.MemberJoined);
        Assert.Equal(_carol.UserId, joined.GetProperty("data").GetProperty("userId").GetString());

        // Promote Bob to admin; he renames the group; everyone sees it.
        var promoted = await _owner.Http.PutAsJsonAsync($"/api/conversations/{group}/members/{_bob.UserId}/role", new { role = "admin" });
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        var renamed = await _bob.Http.PatchAsJsonAsync($"/api/conversations/{group}", new { title = "Renamed" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var updated = await _carol.NextUpdateAsync(UpdateKinds.ConversationUpdated);
        Assert.Equal("Renamed", updated.GetProperty("data").GetProperty("title").GetString());

        // Bob (admin) removes Carol: she is told and her connection leaves the group.
        Assert.Equal(HttpStatusCode.NoContent, (await _bob.Http.DeleteAsync($"/api/conversations/{group}/members/{_carol.UserId}")).StatusCode);
        await _carol.NextUpdateAsync(UpdateKinds.ConversationRemoved);
        await _owner.Hub.InvokeAsync<SendOutcome>("Send", Text(group, "after carol"));
        await _bob.NextUpdateAsync(UpdateKinds.MessageNew, d => d.GetProperty("text").GetString() == "after carol");
        await _carol.Hub.InvokeAsync<Messenger.Signalling.Hubs.ConnectionIdentity>("WhoAmI");
        Assert.DoesNotContain(_carol.Drain(), e => e.Event == "Update" && e.Payload.GetProperty("kind").GetString() == UpdateKinds.MessageNew);
        var outsider = await Assert.ThrowsAsync<HubException>(() => _carol.Hub.InvokeAsync<SendOutcome>("Send", Text(group, "let me back")));
        Assert.Equal("not_found:conversationId", HubErrorCode(outsider));

        // The owner can't leave before transferring ownership; then can.
        await ProblemAssert.IsProblemAsync(await _owner.Http.PostAsync($"/api/conversations/{group}/leave", null), HttpStatusCode.Forbidden, "role");
        Assert.Equal(HttpStatusCode.OK, (await _owner.Http.PutAsJsonAsync($"/api/conversations/{group}/members/{_bob.UserId}/role", new { role = "owner" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _owner.Http.PostAsync($"/api/conversations/{group}/leave", null)).StatusCode);
        var members = await _bob.GetJsonAsync($"/api/conversations/{group}/members");
        Assert.Equal(_bob.UserId, members[0].GetProperty("userId").GetString());
        Assert.Equal("owner", members[0].GetProperty("role").GetString());
        Assert.Equal(1, members.GetArrayLength());
    }

    [Fact]
    public async Task Channels_take_posts_from_admins_only_and_subscribers_join_by_id()
    {
        var channel = await _owner.CreateAsync("News", "channel");
        Assert.Equal(HttpStatusCode.OK, (await _bob.Http.PostAsync($"/api/conversations/{channel}/join", null)).StatusCode);
        await _bob.NextUpdateAsync(UpdateKinds.ConversationAdded);

        await _owner.Hub.InvokeAsync<SendOutcome>("Send", Text(channel, "breaking"));
        await _bob.NextUpdateAsync(UpdateKinds.MessageNew, d => d.GetProperty("text").GetString() == "breaking");
        var refused = await Assert.ThrowsAsync<HubException>(() => _bob.Hub.InvokeAsync<SendOutcome>("Send", Text(channel, "me too")));
        Assert.Equal("forbidden:conversationId", HubErrorCode(refused));

        // Subscribers may still react.
        Assert.True(await _bob.Hub.InvokeAsync<bool>("React", channel, 2L, "👏", true));
        await _owner.NextUpdateAsync(UpdateKinds.ReactionAdded);
    }

    [Fact]
    public async Task Search_history_and_forward_over_rest()
    {
        var group = await _owner.CreateAsync("Searchers", "group", _bob.UserId);
        foreach (var text in new[] { "the quick brown fox", "lazy dog", "quickly now" })
        {
            var posted = await _owner.Http.PostAsJsonAsync($"/api/conversations/{group}/messages", new { clientMessageId = text, text });
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        var found = await _bob.GetJsonAsync($"/api/conversations/{group}/search?q=quick");
        Assert.Equal(2, found.GetArrayLength());
        var everywhere = await _bob.GetJsonAsync("/api/search/messages?q=lazy");
        Assert.Equal("lazy dog", everywhere[0].GetProperty("text").GetString());

        var page = await _bob.GetJsonAsync($"/api/conversations/{group}/messages?before=4&limit=2");
        Assert.Equal([2, 3], page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("seq").GetInt32()));
        Assert.True(page.GetProperty("hasMore").GetBoolean());

        var direct = await _bob.Http.PostAsJsonAsync($"/api/direct/{_carol.UserId}/messages", new { clientMessageId = "d1", text = "hi carol" });
        var directId = (await direct.Content.ReadFromJsonAsync<ChatMessage>())!.ConversationId;
        var forwarded = await _bob.Http.PostAsJsonAsync($"/api/conversations/{group}/messages/3/forward",
            new { toConversationId = directId, clientMessageId = "f1" });
        Assert.Equal(HttpStatusCode.Created, forwarded.StatusCode);
        var message = (await forwarded.Content.ReadFromJsonAsync<ChatMessage>())!;
        Assert.Equal(("lazy dog", _owner.UserId), (message.Text, message.ForwardedFrom!.SenderId));
    }
}
