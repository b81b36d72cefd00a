using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Messenger.MediaServer.RoomSignalling;
using Messenger.MediaServer.Sdp;
using Messenger.Signalling.Api;
using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Messenger.Signalling.Tests.Media;

/// <summary>The room signalling hub's negotiation and errors, driven by .NET SignalR clients (no media).</summary>
public sealed class RoomHubTests : IAsyncLifetime
{
    private readonly TestHost _host = new(new Dictionary<string, string?>
    {
        ["Media:MaxParticipantsPerRoom"] = "3",
        ["Media:MaxTracksPerParticipant"] = "2",
    });

    public Task InitializeAsync() => _host.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_publication_reaches_the_other_member_as_events_and_a_server_offer()
    {
        await using var alice = await ConnectAsync("alice1", "r1");
        await using var bob = await ConnectAsync("bob1", "r1");
        var aliceJoin = await alice.Hub.InvokeAsync<JoinResponse>("Join", new JoinRequest("Alice"));
        var bobJoin = await bob.Hub.InvokeAsync<JoinResponse>("Join", new JoinRequest("Bob"));
        Assert.Equal(aliceJoin.ParticipantId, Assert.Single(bobJoin.Participants).ParticipantId);
        var joined = await alice.NextAsync<ParticipantInfo>(RoomEvents.ParticipantJoined);
        Assert.Equal("Bob", joined.Name);

        var published = await alice.Hub.InvokeAsync<PublishResponse>("Publish",
            new PublishRequest(WhipEndpointTests.Offer(), [new PublishTrack("0", "microphone"), new PublishTrack("1", "camera")]));
        Assert.Contains("a=recvonly", published.Sdp, StringComparison.Ordinal);
        Assert.Equal(2, published.Tracks.Count);

        var first = await bob.NextAsync<TrackPublishedEvent>(RoomEvents.TrackPublished);
        var second = await bob.NextAsync<TrackPublishedEvent>(RoomEvents.TrackPublished);
        Assert.Equal(aliceJoin.ParticipantId, first.ParticipantId);
        Assert.Equal(["camera", "microphone"], new[] { first.Track.Source, second.Track.Source }.Order());

        var offer = await bob.NextAsync<OfferMessage>(RoomEvents.Offer);
        Assert.Contains($"a=msid:{aliceJoin.ParticipantId} {first.Track.TrackId}", offer.Sdp, StringComparison.Ordinal);
        Assert.Contains("a=sendonly", offer.Sdp, StringComparison.Ordinal);

        // Bob may not publish while our offer waits for his answer (glare), and answers only the current version.
        var glare = await Assert.ThrowsAsync<HubException>(() =>
            bob.Hub.InvokeAsync<PublishResponse>("Publish", new PublishRequest(WhipEndpointTests.Offer(), null)));
        AssertCode("glare", glare);
        var stale = await Assert.ThrowsAsync<HubException>(() =>
            bob.Hub.InvokeAsync("Answer", new AnswerRequest(Answer(offer.Sdp), offer.Version + 7)));
        AssertCode("stale_answer", stale);

        await bob.Hub.InvokeAsync("Answer", new AnswerRequest(Answer(offer.Sdp), offer.Version));
        var stats = await StatsAsync();
        var bobSession = stats.GetProperty("sessions").EnumerateArray().Single(s => s.GetProperty("participantId").GetString() == bobJoin.ParticipantId);
        Assert.Equal(2, bobSession.GetProperty("consumers").GetInt32());

        // Muting is announced without renegotiation; leaving is announced too.
        await alice.Hub.InvokeAsync("SetMuted", new MuteRequest(first.Track.TrackId, true));
        Assert.True((await bob.NextAsync<TrackMutedEvent>(RoomEvents.TrackMuted)).Muted);
        await alice.Hub.InvokeAsync("Leave");
        Assert.Equal(aliceJoin.ParticipantId, (await bob.NextAsync<ParticipantLeftEvent>(RoomEvents.ParticipantLeft)).ParticipantId);
    }

    [Fact]
    public async Task Errors_carry_machine_readable_codes()
    {
        await using var carol = await ConnectAsync("carol1", "r2");
        var notJoined = await Assert.ThrowsAsync<HubException>(() => carol.Hub.InvokeAsync("Subscribe", "x"));
        AssertCode("not_joined", notJoined);

        await carol.Hub.InvokeAsync<JoinResponse>("Join", new JoinRequest());
        var again = await Assert.ThrowsAsync<HubException>(() => carol.Hub.InvokeAsync<JoinResponse>("Join", new JoinRequest()));
        AssertCode("already_joined", again);
        var unknown = await Assert.ThrowsAsync<HubException>(() => carol.Hub.InvokeAsync("Subscribe", "no-such-track"));
        AssertCode("unknown_track", unknown);
        var badSdp = await Assert.ThrowsAsync<HubException>(() =>
            carol.Hub.InvokeAsync<PublishResponse>("Publish", new PublishRequest("not sdp", null)));
        AssertCode("bad_sdp", badSdp);
        var tooMany = await Assert.ThrowsAsync<HubException>(() =>
            carol.Hub.InvokeAsync<PublishResponse>("Publish", new PublishRequest(ThreeTrackOffer(), null)));
        AssertCode("too_many_tracks", tooMany);

        // The room takes three; the fourth is refused.
        await using var d = await ConnectAsync("dave1", "r2");
        await using var e = await ConnectAsync("erin1", "r2");
        await using var f = await ConnectAsync("frank1", "r2");
        await d.Hub.InvokeAsync<JoinResponse>("Join", new JoinRequest());
        await e.Hub.InvokeAsync<JoinResponse>("Join", new JoinRequest());
        var full = await Assert.ThrowsAsync<HubException>(() => f.Hub.InvokeAsync<JoinResponse>("Join", new JoinRequest()));
        AssertCode("room_full", full);
    }

    [Fact]
    public async Task A_view_only_token_cannot_publish()
    {
        await using var viewer = await ConnectAsync("viewer1", "r3", publish: false);
        await viewer.Hub.InvokeAsync<JoinResponse>("Join", new JoinRequest());
        var refused = await Assert.ThrowsAsync<HubException>(() =>
            viewer.Hub.InvokeAsync<PublishResponse>("Publish", new PublishRequest(WhipEndpointTests.Offer(), null)));
        AssertCode("forbidden", refused);
    }

    [Fact]
    public async Task A_dropped_participant_resumes_on_a_new_connection_with_its_tracks_and_no_one_sees_it_leave()
    {
        var (dave, daveToken) = await ConnectWithTokenAsync("dave1", "r4");
        await using var erin = await ConnectAsync("erin1", "r4");
        var daveJoin = await dave.Hub.InvokeAsync<JoinResponse>("Join", new JoinRequest("Dave"));
        Assert.False(string.IsNullOrEmpty(daveJoin.ResumeToken));
        await erin.Hub.InvokeAsync<JoinResponse>("Join", new JoinRequest("Erin"));
        var published = await dave.Hub.InvokeAsync<PublishResponse>("Publish",
            new PublishRequest(WhipEndpointTests.Offer(), [new PublishTrack("0", "microphone"), new PublishTrack("1", "camera")]));
        var offer = await erin.NextAsync<OfferMessage>(RoomEvents.Offer);

        // The network drops: Dave's connection ends without a Leave.
        var coordinator = _host.Services.GetRequiredService<RoomCoordinator>();
        Assert.True(coordinator.TryGetMember(DaveConnection(coordinator, daveJoin.ParticipantId), out var before));
        await dave.DisposeAsync();

        // A stranger's resume, or a wrong token, is refused; Dave's own resume on a new connection works.
        await using var mallory = await ConnectAsync("mallory1", "r4");
        AssertCode("resume_failed", await Assert.ThrowsAsync<HubException>(() =>
            mallory.Hub.InvokeAsync<JoinResponse>("Resume", new ResumeRequest(daveJoin.ParticipantId, daveJoin.ResumeToken!))));
        await using var daveAgain = await ConnectAsync(daveToken);
        AssertCode("resume_failed", await Assert.ThrowsAsync<HubException>(() =>
            daveAgain.Hub.InvokeAsync<JoinResponse>("Resume", new ResumeRequest(daveJoin.ParticipantId, "0000"))));
        var resumed = await daveAgain.Hub.InvokeAsync<JoinResponse>("Resume", new ResumeRequest(daveJoin.ParticipantId, daveJoin.ResumeToken!));
        Assert.Equal(daveJoin.ParticipantId, resumed.ParticipantId);
        Assert.Contains(resumed.Participants, p => p.Name == "Erin");
        Assert.Same(before, coordinator.Members.Single(m => m.Participant.Id == daveJoin.ParticipantId));
        Assert.Equal(published.Tracks.Select(t => t.TrackId).Order(),
            before.Participant.Producers.Select(p => p.Id).Order());

        // Erin's subscription went on; she never heard Dave leave. Dave can renegotiate at once (ICE restart offer).
        await erin.Hub.InvokeAsync("Answer", new AnswerRequest(Answer(offer.Sdp), offer.Version));
        var restart = WhipEndpointTests.Offer().Replace("a=ice-ufrag:", "a=ice-ufrag:r2", StringComparison.Ordinal);
        var answer = await daveAgain.Hub.InvokeAsync<PublishResponse>("Publish",
            new PublishRequest(restart, [new PublishTrack("0", "microphone"), new PublishTrack("1", "camera")]));
        Assert.Equal(2, answer.Tracks.Count);
        Assert.False(erin.HasPending(RoomEvents.ParticipantLeft));

        // Raised hands are heard by everyone and shown to those who join later.
        await daveAgain.Hub.InvokeAsync("SetHandRaised", new HandRequest(true));
        var hand = await erin.NextAsync<HandRaisedEvent>(RoomEvents.HandRaised);
        Assert.Equal((daveJoin.ParticipantId, true), (hand.ParticipantId, hand.Raised));
        await using var frank = await ConnectAsync("frank1", "r4");
        var frankJoin = await frank.Hub.InvokeAsync<JoinResponse>("Join", new JoinRequest("Frank"));
        Assert.True(frankJoin.Participants.Single(p => p.ParticipantId == daveJoin.ParticipantId).HandRaised);
    }

    [Fact]
    public async Task A_publisher_that_negotiated_red_keeps_it_when_the_server_offers_again()
    {
        await using var gina = await ConnectAsync("gina1", "r5");
        await using var hal = await ConnectAsync("hal1", "r5");
        await gina.Hub.InvokeAsync<JoinResponse>("Join", new JoinRequest("Gina"));
        await hal.Hub.InvokeAsync<JoinResponse>("Join", new JoinRequest("Hal"));
        // Gina's audio offers red around Opus (RFC 2198), first, as a browser that prefers it does.
        var withRed = WhipEndpointTests.Offer()
            .Replace("m=audio 9 UDP/TLS/RTP/SAVPF 111", "m=audio 9 UDP/TLS/RTP/SAVPF 63 111", StringComparison.Ordinal)
            .Replace("a=rtpmap:111 opus/48000/2", "a=rtpmap:63 red/48000/2\r\na=fmtp:63 111/111\r\na=rtpmap:111 opus/48000/2", StringComparison.Ordinal);
        var answer = await gina.Hub.InvokeAsync<PublishResponse>("Publish", new PublishRequest(withRed, [new PublishTrack("0", "microphone")]));
        Assert.Contains("a=rtpmap:63 red/48000/2", answer.Sdp, StringComparison.Ordinal);

        // Hal publishes, so the server offers Gina a subscription: her own audio section must still allow red, or
        // her browser would stop sending it after answering.
        var halsOffer = await hal.NextAsync<OfferMessage>(RoomEvents.Offer);
        await hal.Hub.InvokeAsync("Answer", new AnswerRequest(Answer(halsOffer.Sdp), halsOffer.Version));
        var tracks = new[] { new PublishTrack("0", "microphone"), new PublishTrack("1", "camera") };
        await hal.Hub.InvokeAsync<PublishResponse>("Publish", new PublishRequest(WhipEndpointTests.Offer(), tracks));
        var offer = await gina.NextAsync<OfferMessage>(RoomEvents.Offer);
        var own = offer.Sdp[..offer.Sdp.IndexOf("a=mid:0", StringComparison.Ordinal)];
        own = offer.Sdp[own.LastIndexOf("m=audio", StringComparison.Ordinal)..];
        own = own[..(own.IndexOf("\r\nm=", 1, StringComparison.Ordinal) is var end and > 0 ? end : own.Length)];
        Assert.Contains("a=rtpmap:63 red/48000/2", own, StringComparison.Ordinal);
        Assert.Contains("a=fmtp:63 111/111", own, StringComparison.Ordinal);
    }

    private static string DaveConnection(RoomCoordinator coordinator, string participantId) =>
        coordinator.Members.Single(m => m.Participant.Id == participantId).ConnectionId;

    /// <summary>SignalR sends HubException messages as "… HubException: code: detail"; the code is what clients switch on.</summary>
    private static void AssertCode(string code, HubException exception) =>
        Assert.Contains($"HubException: {code}: ", exception.Message, StringComparison.Ordinal);

    private static string ThreeTrackOffer()
    {
        var two = WhipEndpointTests.Offer();
        var video = two[two.IndexOf("m=video", StringComparison.Ordinal)..];
        return two.Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2", StringComparison.Ordinal)
            + video.Replace("a=mid:1", "a=mid:2", StringComparison.Ordinal).Replace("a=ssrc:2222", "a=ssrc:3333", StringComparison.Ordinal);
    }

    /// <summary>A client answer to the server's offer, made with our own answerer standing in for a browser.</summary>
    private static string Answer(string offerSdp)
    {
        Assert.True(SdpParser.TryParse(offerSdp, out var offer, out _));
        Assert.True(SdpFingerprint.TryParse(
            "sha-256 18:DE:E5:EE:04:33:D8:F0:18:DE:E6:38:53:62:15:11:57:FE:5C:4D:DF:D9:5A:6F:18:BF:FB:3C:96:39:AC:C7", out var fingerprint, out _));
        var answerer = new SdpAnswerer(new SdpAnswererOptions { IceUfrag = "cli1", IcePwd = "clientpasswordclientpass", Fingerprint = fingerprint! });
        Assert.True(answerer.TryCreateAnswer(offer!, out var answer, out var error), error?.ToString());
        return answer!.Description.ToString().Replace("a=setup:passive", "a=setup:active", StringComparison.Ordinal);
    }

    private async Task<JsonElement> StatsAsync()
    {
        using var client = _host.Client();
        return await client.GetFromJsonAsync<JsonElement>("/media/stats");
    }

    private async Task<Member> ConnectAsync(string username, string room, bool publish = true) =>
        (await ConnectWithTokenAsync(username, room, publish)).Member;

    private async Task<(Member Member, string Token)> ConnectWithTokenAsync(string username, string room, bool publish = true)
    {
        var user = await _host.SignUpAsync(username);
        using var client = _host.Client(user.AccessToken);
        var token = (await (await client.PostAsJsonAsync("/api/media/token", new { room, publish, subscribe = true }))
            .Content.ReadFromJsonAsync<MediaTokenResponse>())!.Token;
        return (await ConnectAsync(token), token);
    }

    private async Task<Member> ConnectAsync(string token)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_host.BaseAddress, "/rtc"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var member = new Member(hub);
        await hub.StartAsync();
        return member;
    }

    private sealed class Member : IAsyncDisposable
    {
        private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);
        private readonly Dictionary<string, Channel<JsonElement>> _events = [];

        public Member(HubConnection hub)
        {
            Hub = hub;
            foreach (var name in new[] { RoomEvents.Offer, RoomEvents.ParticipantJoined, RoomEvents.ParticipantLeft, RoomEvents.TrackPublished,
                RoomEvents.TrackUnpublished, RoomEvents.TrackMuted, RoomEvents.ActiveSpeakers, RoomEvents.LayerChanged, RoomEvents.HandRaised })
            {
                var channel = Channel.CreateUnbounded<JsonElement>();
                _events[name] = channel;
                hub.On<JsonElement>(name, payload => channel.Writer.TryWrite(payload));
            }
        }

        public HubConnection Hub { get; }

        public async Task<T> NextAsync<T>(string name)
        {
            var payload = await _events[name].Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            return payload.Deserialize<T>(WebJson)!;
        }

        public bool HasPending(string name) => _events[name].Reader.TryPeek(out _);

        public ValueTask DisposeAsync() => Hub.DisposeAsync();
    }
}
