using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Messenger.ChatCore.Messages;
using Messenger.Signalling.Calls;
using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using static Messenger.Signalling.Tests.Calls.CallTestKit;

namespace Messenger.Signalling.Tests.Calls;

/// <summary>Group calls: everyone rings, late joins, call links, and members-only authorisation.</summary>
public sealed class GroupCallTests(CallHostFixture fixture) : IClassFixture<CallHostFixture>
{
    private readonly TestHost _host = fixture.Host;

    [Fact]
    public async Task A_group_call_rings_everyone_goes_on_while_anyone_is_in_it_and_can_be_joined_late()
    {
        await using var alice = await UserAsync(_host, "alice");
        await using var bob = await UserAsync(_host, "bob");
        await using var carol = await UserAsync(_host, "carol");
        var group = await alice.CreateAsync("team", "group", bob.UserId, carol.UserId);

        var start = await StartAsync(alice, group);
        Assert.Equal(new[] { bob.UserId, carol.UserId }.Order(StringComparer.Ordinal), start.Ringing.Order(StringComparer.Ordinal));
        await bob.SeenAsync(CallEvents.Ringing, ForCall(start.CallId));
        await carol.SeenAsync(CallEvents.Ringing, ForCall(start.CallId));

        var bobJoin = await bob.Hub.InvokeAsync<CallJoin>("AcceptCall", start.CallId);
        Assert.True(await carol.Hub.InvokeAsync<bool>("DeclineCall", start.CallId));
        await alice.SeenAsync(CallEvents.Declined, ForCall(start.CallId));

        // Alice leaves; Bob is still in the call, so it goes on.
        Assert.True(await alice.Hub.InvokeAsync<bool>("HangUp", start.CallId));
        var left = await bob.SeenAsync(CallEvents.Left, ForCall(start.CallId));
        Assert.Equal(alice.UserId, left.GetProperty("userId").GetString());
        Assert.Equal(0, bob.CountSeen(CallEvents.Ended, ForCall(start.CallId)));

        // Carol changes her mind and joins; a member starting a call in the group joins the running one too.
        var carolJoin = await carol.Hub.InvokeAsync<CallJoin>("JoinCall", start.CallId);
        Assert.Equal(bobJoin.Room, carolJoin.Room);
        await bob.SeenAsync(CallEvents.Joined, p => p.GetProperty("callId").GetString() == start.CallId
            && p.GetProperty("userId").GetString() == carol.UserId);
        var again = await StartAsync(alice, group);
        Assert.True(again.Merged);
        Assert.Equal(start.CallId, again.CallId);
        Assert.Equal(bobJoin.Room, again.Join!.Room);

        foreach (var member in new[] { alice, bob, carol })
        {
            Assert.True(await member.Hub.InvokeAsync<bool>("HangUp", start.CallId));
        }

        var record = SystemOf(await RecordAsync(carol, start.CallId));
        Assert.Equal(CallOutcomes.Ended, record.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Every_call_method_refuses_a_non_member()
    {
        await using var alice = await UserAsync(_host, "alice");
        await using var bob = await UserAsync(_host, "bob");
        await using var mallory = await UserAsync(_host, "mallory");
        var group = await alice.CreateAsync("private", "group", bob.UserId);
        var start = await StartAsync(alice, group);

        var refusals = new (string Method, object Argument)[]
        {
            ("StartCall", group), ("GetCall", group), ("AcceptCall", start.CallId), ("JoinCall", start.CallId),
            ("DeclineCall", start.CallId), ("CancelCall", start.CallId), ("HangUp", start.CallId),
        };
        foreach (var (method, argument) in refusals)
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => method == "StartCall"
                ? mallory.Hub.InvokeAsync<JsonElement>(method, argument, true)
                : mallory.Hub.InvokeAsync<JsonElement>(method, argument));
            Assert.StartsWith("not_found:", HubErrorCode(refused), StringComparison.Ordinal);
        }

        // A member who was not rung cannot cancel someone else's call either, and the call is untouched.
        var cancel = await Assert.ThrowsAsync<HubException>(() => bob.Hub.InvokeAsync<bool>("CancelCall", start.CallId));
        Assert.StartsWith("not_found:", HubErrorCode(cancel), StringComparison.Ordinal);
        Assert.Equal(0, mallory.CountSeen(CallEvents.Ringing));
        Assert.True(await alice.Hub.InvokeAsync<bool>("CancelCall", start.CallId));
    }

    [Fact]
    public async Task A_call_link_admits_an_outsider_until_it_is_revoked_or_expires()
    {
        await using var alice = await UserAsync(_host, "alice");
        await using var bob = await UserAsync(_host, "bob");
        await using var guest = await UserAsync(_host, "guest");
        var group = await alice.CreateAsync("open room", "group", bob.UserId);
        var direct = await DirectAsync(alice, bob);

        // Only members create links, and only for groups.
        Assert.Equal(HttpStatusCode.NotFound, (await guest.Http.PostAsJsonAsync("/api/calls/links", new { conversationId = group })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.Http.PostAsJsonAsync("/api/calls/links", new { conversationId = direct })).StatusCode);
        var link = await alice.PostJsonAsync("/api/calls/links", new { conversationId = group });
        var token = link.GetProperty("token").GetString()!;
        var joinUrl = link.GetProperty("joinUrl").GetString()!;

        // With no call running the link has nothing to join yet.
        var early = await guest.Http.PostAsync(joinUrl, null);
        Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);

        var start = await StartAsync(alice, group);
        var join = await guest.PostJsonAsync(joinUrl, new { });
        Assert.Equal(start.Join!.Room, join.GetProperty("room").GetString());
        Assert.False(string.IsNullOrEmpty(join.GetProperty("token").GetString()));
        await alice.SeenAsync(CallEvents.Joined, p => p.GetProperty("userId").GetString() == guest.UserId);

        // Bob (a plain member who did not create it) may not revoke; Alice may; then the link is dead.
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.Http.DeleteAsync($"/api/calls/links/{token}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Http.DeleteAsync($"/api/calls/links/{token}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Http.PostAsync(joinUrl, null)).StatusCode);

        // A link past its lifetime is refused the same way (polled: expiry is the clock's business, not asserted).
        var brief = await alice.PostJsonAsync("/api/calls/links", new { conversationId = group, expiresInSeconds = 1 });
        var briefUrl = brief.GetProperty("joinUrl").GetString()!;
        var status = HttpStatusCode.OK;
        for (var attempt = 0; attempt < 50 && status != HttpStatusCode.NotFound; attempt++)
        {
            await Task.Delay(100);
            status = (await bob.Http.PostAsync(briefUrl, null)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await alice.Http.PostAsJsonAsync("/api/calls/links", new { conversationId = group, expiresInSeconds = 0 })).StatusCode);
        Assert.True(await guest.Hub.InvokeAsync<bool>("HangUp", start.CallId));
        Assert.True(await alice.Hub.InvokeAsync<bool>("HangUp", start.CallId));
        Assert.True(await bob.Hub.InvokeAsync<bool>("HangUp", start.CallId));
    }
}
