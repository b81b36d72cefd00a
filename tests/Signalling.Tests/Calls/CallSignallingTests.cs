using System.Text.Json;
using Messenger.ChatCore.Messages;
using Messenger.MediaServer.RoomSignalling;
using Messenger.Signalling.Calls;
using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using static Messenger.Signalling.Tests.Calls.CallTestKit;

namespace Messenger.Signalling.Tests.Calls;

/// <summary>1:1 calls over real SignalR connections: ringing, answering, declining, busy, glare, the call record.</summary>
public sealed class CallSignallingTests(CallHostFixture fixture) : IClassFixture<CallHostFixture>
{
    private readonly TestHost _host = fixture.Host;

    [Fact]
    public async Task A_call_rings_every_device_and_answering_on_one_stops_the_others()
    {
        await using var alice = await UserAsync(_host, "alice");
        await using var bobPhone = await UserAsync(_host, "bob", "phone");
        await using var bobLaptop = await SecondDeviceAsync(_host, bobPhone, "laptop");
        var conversation = await DirectAsync(alice, bobPhone);

        var start = await StartAsync(alice, conversation);
        Assert.False(start.Merged);
        Assert.Equal([bobPhone.UserId], start.Ringing);
        var join = Assert.IsType<CallJoin>(start.Join);
        Assert.Equal("/rtc", join.RtcUrl);
        Assert.Equal($"/whip/{join.Room}", join.WhipUrl);
        Assert.Equal($"/whep/{join.Room}", join.WhepUrl);
        Assert.Equal(join.Room, new JsonWebToken(join.Token).GetClaim("room").Value);
        Assert.Single(join.IceServers);

        foreach (var device in new[] { bobPhone, bobLaptop })
        {
            var ringing = await device.SeenAsync(CallEvents.Ringing, ForCall(start.CallId));
            Assert.Equal(alice.UserId, ringing.GetProperty("from").GetString());
            Assert.Equal(conversation, ringing.GetProperty("conversationId").GetString());
            Assert.True(ringing.GetProperty("video").GetBoolean());
            Assert.Equal(join.Room, ringing.GetProperty("room").GetString());
        }

        var accepted = await bobPhone.Hub.InvokeAsync<CallJoin>("AcceptCall", start.CallId);
        Assert.Equal(join.Room, accepted.Room);
        Assert.Equal(bobPhone.UserId, new JsonWebToken(accepted.Token).Subject);

        // The laptop learns the call was answered on the phone, so it stops ringing; Alice learns Bob answered.
        var elsewhere = await bobLaptop.SeenAsync(CallEvents.Answered, ForCall(start.CallId));
        Assert.Equal(bobPhone.Tokens.DeviceId, elsewhere.GetProperty("deviceId").GetString());
        await alice.SeenAsync(CallEvents.Answered, ForCall(start.CallId));

        var info = await alice.Hub.InvokeAsync<CallInfo?>("GetCall", conversation);
        Assert.NotNull(info);
        Assert.True(info.Answered);
        Assert.Equal(new[] { alice.UserId, bobPhone.UserId }.Order(StringComparer.Ordinal), info.Participants.Order(StringComparer.Ordinal));

        Assert.True(await alice.Hub.InvokeAsync<bool>("HangUp", start.CallId));
        foreach (var device in new[] { alice, bobPhone, bobLaptop })
        {
            var ended = await device.SeenAsync(CallEvents.Ended, ForCall(start.CallId));
            Assert.Equal(CallOutcomes.Ended, ended.GetProperty("outcome").GetString());
            var record = SystemOf(await RecordAsync(device, start.CallId));
            Assert.Equal(CallOutcomes.Ended, record.GetProperty("outcome").GetString());
            Assert.Equal(alice.UserId, record.GetProperty("actorId").GetString());
            Assert.True(record.GetProperty("durationSeconds").GetInt32() >= 0);
            Assert.True(record.GetProperty("video").GetBoolean());
        }

        Assert.Null(await alice.Hub.InvokeAsync<CallInfo?>("GetCall", conversation));
    }

    [Fact]
    public async Task Both_sides_enter_the_calls_sfu_room_through_the_room_hub_with_their_join_tokens()
    {
        await using var alice = await UserAsync(_host, "alice");
        await using var bob = await UserAsync(_host, "bob");
        var start = await StartAsync(alice, await DirectAsync(alice, bob));
        var accepted = await bob.Hub.InvokeAsync<CallJoin>("AcceptCall", start.CallId);

        await using var aliceRoom = RoomConnection(start.Join!);
        await using var bobRoom = RoomConnection(accepted);
        await aliceRoom.StartAsync();
        await bobRoom.StartAsync();
        var aliceIn = await aliceRoom.InvokeAsync<JoinResponse>("Join", new JoinRequest("Alice"));
        var bobIn = await bobRoom.InvokeAsync<JoinResponse>("Join", new JoinRequest("Bob"));

        Assert.Equal(start.Join!.Room, aliceIn.Room);
        Assert.Equal(start.Join.Room, bobIn.Room);
        var other = Assert.Single(bobIn.Participants);
        Assert.Equal(aliceIn.ParticipantId, other.ParticipantId);
        Assert.Equal(alice.UserId, other.UserId);
        Assert.True(await bob.Hub.InvokeAsync<bool>("HangUp", start.CallId));
    }

    private HubConnection RoomConnection(CallJoin join) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(_host.BaseAddress, join.RtcUrl), o => o.AccessTokenProvider = () => Task.FromResult<string?>(join.Token))
            .Build();

    [Fact]
    public async Task Declining_ends_the_call_as_declined_on_every_device()
    {
        await using var alice = await UserAsync(_host, "alice");
        await using var bobPhone = await UserAsync(_host, "bob", "phone");
        await using var bobLaptop = await SecondDeviceAsync(_host, bobPhone, "laptop");
        var conversation = await DirectAsync(alice, bobPhone);
        var start = await StartAsync(alice, conversation, video: false);
        await bobLaptop.SeenAsync(CallEvents.Ringing, ForCall(start.CallId));

        Assert.True(await bobLaptop.Hub.InvokeAsync<bool>("DeclineCall", start.CallId));

        var declined = await alice.SeenAsync(CallEvents.Declined, ForCall(start.CallId));
        Assert.Equal(bobPhone.UserId, declined.GetProperty("userId").GetString());
        await bobPhone.SeenAsync(CallEvents.Declined, ForCall(start.CallId));
        foreach (var device in new[] { alice, bobPhone })
        {
            var ended = await device.SeenAsync(CallEvents.Ended, ForCall(start.CallId));
            Assert.Equal(CallOutcomes.Declined, ended.GetProperty("outcome").GetString());
        }

        var record = SystemOf(await RecordAsync(bobPhone, start.CallId));
        Assert.Equal(CallOutcomes.Declined, record.GetProperty("outcome").GetString());
        Assert.Equal(0, record.GetProperty("durationSeconds").GetInt32());
        Assert.False(record.GetProperty("video").GetBoolean());
    }

    [Fact]
    public async Task A_callee_already_in_a_call_is_busy()
    {
        await using var alice = await UserAsync(_host, "alice");
        await using var bob = await UserAsync(_host, "bob");
        await using var carol = await UserAsync(_host, "carol");
        var aliceBob = await DirectAsync(alice, bob);
        var carolBob = await DirectAsync(carol, bob);
        var first = await StartAsync(alice, aliceBob);
        await bob.Hub.InvokeAsync<CallJoin>("AcceptCall", first.CallId);

        var second = await StartAsync(carol, carolBob);

        Assert.Null(second.Join);
        Assert.Equal([bob.UserId], second.Busy);
        Assert.Empty(second.Ringing);
        var busy = await carol.SeenAsync(CallEvents.Busy, ForCall(second.CallId));
        Assert.Equal(bob.UserId, busy.GetProperty("userId").GetString());
        Assert.Equal(CallOutcomes.Busy, SystemOf(await RecordAsync(carol, second.CallId)).GetProperty("outcome").GetString());
        Assert.Equal(0, bob.CountSeen(CallEvents.Ringing, ForCall(second.CallId)));

        // The busy caller cannot start another call while in one, nor answer someone else's.
        var again = await Assert.ThrowsAsync<HubException>(() => StartAsync(bob, carolBob));
        Assert.Equal("conflict:callId", HubErrorCode(again));
        Assert.True(await alice.Hub.InvokeAsync<bool>("HangUp", first.CallId));
        await bob.SeenAsync(CallEvents.Ended, ForCall(first.CallId));
    }

    [Fact]
    public async Task Glare_both_sides_calling_at_once_ends_in_one_call()
    {
        await using var alice = await UserAsync(_host, "alice");
        await using var bob = await UserAsync(_host, "bob");
        var conversation = await DirectAsync(alice, bob);

        var both = await Task.WhenAll(StartAsync(alice, conversation), StartAsync(bob, conversation));

        Assert.Equal(both[0].CallId, both[1].CallId);
        Assert.Single(both, s => s.Merged);
        Assert.All(both, s => Assert.NotNull(s.Join));
        Assert.Equal(both[0].Join!.Room, both[1].Join!.Room);
        var info = await bob.Hub.InvokeAsync<CallInfo?>("GetCall", conversation);
        Assert.Equal(2, info!.Participants.Count);
        Assert.True(info.Answered);

        Assert.True(await bob.Hub.InvokeAsync<bool>("HangUp", both[0].CallId));
        var record = SystemOf(await RecordAsync(alice, both[0].CallId));
        Assert.Equal(CallOutcomes.Ended, record.GetProperty("outcome").GetString());
        await Task.Delay(200);
        Assert.Equal(1, alice.CountSeen("Update", u => u.GetProperty("kind").GetString() == "message.new"
            && u.GetProperty("data").TryGetProperty("system", out var s) && s.ValueKind == JsonValueKind.Object
            && s.GetProperty("type").GetString() == SystemEvents.CallEnded));
    }

    [Fact]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "Recomputes coturn's HMAC-SHA1 independently of the code under test.")]
    public async Task The_turn_credentials_follow_coturns_rest_scheme_on_the_endpoint_and_with_the_call()
    {
        await using var alice = await UserAsync(_host, "alice");
        await using var bob = await UserAsync(_host, "bob");

        var response = await alice.GetJsonAsync("/api/turn-credentials");
        var server = response.GetProperty("iceServers")[0];
        Assert.Equal("turn:127.0.0.1:3478?transport=udp", server.GetProperty("urls")[0].GetString());
        var username = server.GetProperty("username").GetString()!;
        var parts = username.Split(':');
        Assert.Equal(alice.UserId, parts[1]);
        Assert.True(long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var expected = Convert.ToBase64String(System.Security.Cryptography.HMACSHA1.HashData(
            System.Text.Encoding.UTF8.GetBytes(CallHostFixture.TurnSecret), System.Text.Encoding.UTF8.GetBytes(username)));
        Assert.Equal(expected, server.GetProperty("credential").GetString());
        Assert.Equal(3600, response.GetProperty("ttl").GetInt32());

        var start = await StartAsync(alice, await DirectAsync(alice, bob));
        var withCall = Assert.Single(start.Join!.IceServers);
        Assert.EndsWith(":" + alice.UserId, withCall.Username, StringComparison.Ordinal);
        Assert.Equal(TurnCredentials.Password(CallHostFixture.TurnSecret, withCall.Username!), withCall.Credential);
        Assert.True(await alice.Hub.InvokeAsync<bool>("CancelCall", start.CallId));
    }
}
