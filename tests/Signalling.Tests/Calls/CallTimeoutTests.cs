using Messenger.ChatCore.Messages;
using Messenger.Signalling.Calls;
using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using static Messenger.Signalling.Tests.Calls.CallTestKit;

namespace Messenger.Signalling.Tests.Calls;

/// <summary>With short timers: a call nobody answers is missed; a device that drops out of a call is hung up.</summary>
public sealed class CallTimeoutTests(ShortTimerHostFixture fixture) : IClassFixture<ShortTimerHostFixture>
{
    private readonly TestHost _host = fixture.Host;

    [Fact]
    public async Task An_unanswered_call_is_missed()
    {
        await using var alice = await UserAsync(_host, "alice");
        await using var bob = await UserAsync(_host, "bob");
        var start = await StartAsync(alice, await DirectAsync(alice, bob));
        await bob.SeenAsync(CallEvents.Ringing, ForCall(start.CallId));

        foreach (var device in new[] { alice, bob })
        {
            var ended = await device.SeenAsync(CallEvents.Ended, ForCall(start.CallId));
            Assert.Equal(CallOutcomes.Missed, ended.GetProperty("outcome").GetString());
            Assert.Equal(CallOutcomes.Missed, SystemOf(await RecordAsync(device, start.CallId)).GetProperty("outcome").GetString());
        }

        // Answering after the timeout finds no call.
        var late = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(
            () => bob.Hub.InvokeAsync<CallJoin>("AcceptCall", start.CallId));
        Assert.Equal("not_found:callId", HubErrorCode(late));
    }

    [Fact]
    public async Task In_a_group_call_only_those_still_ringing_miss_it()
    {
        await using var alice = await UserAsync(_host, "alice");
        await using var bob = await UserAsync(_host, "bob");
        await using var carol = await UserAsync(_host, "carol");
        var group = await alice.CreateAsync("busy people", "group", bob.UserId, carol.UserId);
        var start = await StartAsync(alice, group);
        await bob.Hub.InvokeAsync<CallJoin>("AcceptCall", start.CallId);

        var missed = await carol.SeenAsync(CallEvents.Missed, ForCall(start.CallId));
        Assert.Equal(carol.UserId, missed.GetProperty("userId").GetString());
        var info = await alice.Hub.InvokeAsync<CallInfo?>("GetCall", group);
        Assert.NotNull(info);
        Assert.Empty(info.Ringing);
        Assert.Equal(2, info.Participants.Count);

        // Carol can still join the call she missed.
        var join = await carol.Hub.InvokeAsync<CallJoin>("JoinCall", start.CallId);
        Assert.Equal(start.Join!.Room, join.Room);
        foreach (var member in new[] { alice, bob, carol })
        {
            await member.Hub.InvokeAsync<bool>("HangUp", start.CallId);
        }
    }

    [Fact]
    public async Task A_participant_whose_device_drops_is_hung_up_after_the_grace_period()
    {
        await using var alice = await UserAsync(_host, "alice");
        var bob = await UserAsync(_host, "bob");
        var start = await StartAsync(alice, await DirectAsync(alice, bob));
        await bob.Hub.InvokeAsync<CallJoin>("AcceptCall", start.CallId);
        await alice.SeenAsync(CallEvents.Answered, ForCall(start.CallId));

        await bob.DisposeAsync();

        var ended = await alice.SeenAsync(CallEvents.Ended, ForCall(start.CallId));
        Assert.Equal(CallOutcomes.Ended, ended.GetProperty("outcome").GetString());
        Assert.Equal(CallOutcomes.Ended, SystemOf(await RecordAsync(alice, start.CallId)).GetProperty("outcome").GetString());
    }
}
