using System.Collections.Concurrent;
using Messenger.MediaServer.Auth;
using Messenger.MediaServer.Forwarding;
using Messenger.MediaServer.Hosting;
using Messenger.MediaServer.Ice;
using Messenger.MediaServer.Routing;
using Messenger.MediaServer.Rtp;
using Messenger.MediaServer.Sdp;
using Messenger.MediaServer.Session;
using Messenger.MediaServer.Whip;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Messenger.MediaServer.RoomSignalling;

/// <summary>
/// Runs room signalling: joins and leaves, both directions of negotiation, subscriptions, mute and layer requests,
/// and the events everyone else hears about them. All changes to one room are serialised by that room's lock, so
/// the negotiators and room state never race.
/// </summary>
public sealed class RoomCoordinator(MediaNode node, IHubContext<RoomHub> hub, IOptions<MediaServerOptions> options)
{
    private readonly ConcurrentDictionary<string, RoomMember> _members = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    // Participants whose connection dropped, by participant id, until they resume or their grace runs out. They stay
    // members of their room: others keep receiving their media and new joiners subscribe to it.
    private readonly ConcurrentDictionary<string, RoomMember> _detached = new(StringComparer.Ordinal);

    public bool TryGetMember(string connectionId, out RoomMember member) => _members.TryGetValue(connectionId, out member!);

    public IEnumerable<RoomMember> MembersOf(Room room) =>
        _members.Values.Concat(_detached.Values).Where(m => ReferenceEquals(m.Room, room));

    public async Task<JoinResponse> JoinAsync(string connectionId, MediaGrant grant, string roomName, JoinRequest request)
    {
        if (_members.ContainsKey(connectionId))
        {
            throw RoomErrors.Error(RoomErrors.AlreadyJoined, "this connection has joined already");
        }

        using var held = await LockAsync(roomName);
        var room = node.Rooms.GetOrCreate(roomName);
        room.ParticipantRemoved -= OnParticipantRemoved;
        room.ParticipantRemoved += OnParticipantRemoved;
        var limit = options.Value.MaxParticipantsPerRoom;
        if (room.Participants.Count >= limit)
        {
            throw RoomErrors.Error(RoomErrors.RoomFull, $"this room allows {limit} participants");
        }

        var id = Guid.NewGuid().ToString("N");
        var session = new WebRtcSession(id, new IceLiteAgent(node.Clock, node.IceOptions), node.Certificate, node.Transport, room, node.DtlsOptions);
        var participant = new Participant(id, grant.UserId, string.IsNullOrWhiteSpace(request.Name) ? grant.DisplayName : request.Name.Trim(), session);
        var member = new RoomMember(connectionId, room, participant, new Negotiator(session, node), request.AutoSubscribe);
        var others = MembersOf(room).ToList();
        room.Add(participant);
        session.Start();
        _members[connectionId] = member;

        await BroadcastAsync(others, RoomEvents.ParticipantJoined, Describe(member));
        if (member.AutoSubscribe)
        {
            foreach (var other in others)
            {
                foreach (var producer in other.Participant.Producers)
                {
                    AddSubscription(member, producer);
                }
            }
        }

        // The offer goes out after Join returns, so the client has its answer handlers in place.
        _ = Task.Run(() => OfferIfNeededAsync(member));
        return new JoinResponse(id, roomName, others.Select(Describe).ToList(), member.ResumeToken);
    }

    /// <summary>
    /// Takes a dropped participant back on a new connection: same participant, same tracks and subscriptions, so
    /// everyone else's streams of it continue unbroken. The client then restarts ICE by publishing an offer with new
    /// credentials (RFC 8445 §9). An offer of ours that the drop swallowed is sent again.
    /// </summary>
    public async Task<JoinResponse> ResumeAsync(string connectionId, MediaGrant grant, string roomName, ResumeRequest request)
    {
        if (_members.ContainsKey(connectionId))
        {
            throw RoomErrors.Error(RoomErrors.AlreadyJoined, "this connection has joined already");
        }

        if (!_detached.TryGetValue(request.ParticipantId ?? "", out var member)
            || member.Room.Name != roomName || member.Participant.UserId != grant.UserId
            || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(member.ResumeToken), System.Text.Encoding.ASCII.GetBytes(request.ResumeToken ?? ""))
            || !_detached.TryRemove(new KeyValuePair<string, RoomMember>(member.Participant.Id, member)))
        {
            throw RoomErrors.Error(RoomErrors.ResumeFailed, "no participant is waiting to be resumed with that token; join again");
        }

        OfferMessage? pending;
        using (await LockAsync(roomName))
        {
            member.ConnectionId = connectionId;
            member.Detached = false;
            _members[connectionId] = member;
            pending = member.Negotiator.PendingOffer;
        }

        var others = MembersOf(member.Room).Where(m => m != member).Select(Describe).ToList();
        _ = Task.Run(async () =>
        {
            if (pending is not null)
            {
                await SendAsync(member, RoomEvents.Offer, pending);
            }
            else
            {
                await OfferIfNeededAsync(member);
            }
        });
        return new JoinResponse(member.Participant.Id, roomName, others, member.ResumeToken);
    }

    /// <summary>
    /// The connection dropped without a Leave: keep the participant for <see cref="MediaServerOptions.ReconnectGrace"/>
    /// so the client can resume; after that it leaves as if it had said so.
    /// </summary>
    public Task DetachAsync(string connectionId)
    {
        if (!_members.TryRemove(connectionId, out var member))
        {
            return Task.CompletedTask;
        }

        member.Detached = true;
        _detached[member.Participant.Id] = member;
        return ExpireAsync(member);
    }

    private async Task ExpireAsync(RoomMember member)
    {
        try
        {
            await Task.Delay(options.Value.ReconnectGrace, node.Clock);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (_detached.TryRemove(new KeyValuePair<string, RoomMember>(member.Participant.Id, member)))
        {
            await CloseAsync(member);
        }
    }

    /// <summary>Raises or lowers the caller's hand; everyone in the room hears it (the caller too, as confirmation).</summary>
    public async Task SetHandRaisedAsync(string connectionId, bool raised)
    {
        var member = Member(connectionId);
        member.HandRaised = raised;
        await BroadcastAsync(MembersOf(member.Room), RoomEvents.HandRaised, new HandRaisedEvent(member.Participant.Id, raised));
    }

    public async Task<PublishResponse> PublishAsync(string connectionId, PublishRequest request)
    {
        var member = Member(connectionId);
        using var held = await LockAsync(member.Room.Name);
        var offer = Parse(request.Sdp);
        // The offer describes every section, so its sending sections are all the tracks this client would publish.
        var publishing = offer.Media.Count(m => m.Mid is not null && !m.IsRejected && m.Direction is SdpDirection.SendOnly or SdpDirection.SendRecv);
        if (publishing > options.Value.MaxTracksPerParticipant)
        {
            throw RoomErrors.Error(RoomErrors.TooManyTracks, $"a participant may publish {options.Value.MaxTracksPerParticipant} tracks");
        }

        foreach (var track in request.Tracks ?? [])
        {
            member.Sources[track.Mid] = track.Source ?? "camera";
        }

        var outcome = member.Negotiator.AnswerClientOffer(offer);

        var others = MembersOf(member.Room).Where(m => m != member).ToList();
        var published = new List<PublishedTrack>();
        foreach (var section in outcome.NewPublications)
        {
            var producer = CreateProducer(member, section);
            published.Add(new PublishedTrack(section.Mid, producer.Id));
            await BroadcastAsync(others, RoomEvents.TrackPublished, new TrackPublishedEvent(member.Participant.Id, Describe(member, producer)));
            foreach (var other in others.Where(o => o.AutoSubscribe))
            {
                AddSubscription(other, producer);
            }
        }

        foreach (var section in outcome.EndedPublications)
        {
            if (section.Producer is { } producer)
            {
                await UnpublishAsync(member, producer, others);
            }
        }

        foreach (var other in others)
        {
            _ = Task.Run(() => OfferIfNeededAsync(other));
        }

        var tracks = member.Negotiator.Sections.Where(s => !s.ServerSends && s.Active && s.Producer is not null)
            .Select(s => new PublishedTrack(s.Mid, s.Producer!.Id)).ToList();
        return new PublishResponse(outcome.AnswerSdp, tracks);
    }

    public async Task AnswerAsync(string connectionId, AnswerRequest request)
    {
        var member = Member(connectionId);
        using (await LockAsync(member.Room.Name))
        {
            var accepted = member.Negotiator.ApplyClientAnswer(Parse(request.Sdp), request.Version);
            foreach (var section in accepted)
            {
                Connect(member, section);
            }
        }

        await OfferIfNeededAsync(member);
    }

    public async Task SubscribeAsync(string connectionId, string trackId, bool subscribe)
    {
        var member = Member(connectionId);
        using (await LockAsync(member.Room.Name))
        {
            var producer = FindProducer(member.Room, trackId);
            var existing = member.Negotiator.Sections.FirstOrDefault(s => s.ServerSends && s.Active && s.Producer == producer);
            if (subscribe && existing is null)
            {
                AddSubscription(member, producer);
            }
            else if (!subscribe && existing is not null)
            {
                EndSubscription(member, existing);
            }
        }

        await OfferIfNeededAsync(member);
    }

    public async Task SetMutedAsync(string connectionId, MuteRequest request)
    {
        var member = Member(connectionId);
        var producer = member.Participant.Producers.FirstOrDefault(p => p.Id == request.TrackId)
            ?? throw RoomErrors.Error(RoomErrors.UnknownTrack, "you publish no track with that id");
        producer.Muted = request.Muted;
        await BroadcastAsync(MembersOf(member.Room).Where(m => m != member), RoomEvents.TrackMuted,
            new TrackMutedEvent(member.Participant.Id, producer.Id, request.Muted));
    }

    public void SetPaused(string connectionId, PauseRequest request) =>
        ConsumerOf(Member(connectionId), request.TrackId).Paused = request.Paused;

    public void SetPreferredLayer(string connectionId, LayerRequest request)
    {
        var consumer = ConsumerOf(Member(connectionId), request.TrackId);
        consumer.Preference = new LayerPreference(
            request.Spatial ?? VideoLayer.MaxSpatialLayers - 1, request.Temporal ?? VideoLayer.MaxTemporalLayers - 1,
            request.MaxWidth ?? 0, request.MaxHeight ?? 0);
        consumer.SetTargetLayer(BandwidthPlanner.PreferredTarget(consumer));
    }

    /// <summary>Leaves the room (Leave, or the hub connection dropped).</summary>
    public async Task LeaveAsync(string connectionId)
    {
        if (!_members.TryRemove(connectionId, out var member))
        {
            return;
        }

        await CloseAsync(member);
    }

    private async Task CloseAsync(RoomMember member)
    {
        using (await LockAsync(member.Room.Name))
        {
            member.Participant.Session.Close(SessionCloseReason.ClientRequest);
        }

        await OnParticipantGoneAsync(member);
    }

    // A session that closed on its own (consent expired, DTLS failed) takes its member out of the room too.
    private void OnParticipantRemoved(Room room, Participant participant)
    {
        var member = _members.Values.FirstOrDefault(m => m.Participant == participant);
        if (member is not null && _members.TryRemove(member.ConnectionId, out _))
        {
            _ = Task.Run(() => OnParticipantGoneAsync(member));
        }

        var detached = _detached.Values.FirstOrDefault(m => m.Participant == participant);
        if (detached is not null && _detached.TryRemove(new KeyValuePair<string, RoomMember>(participant.Id, detached)))
        {
            _ = Task.Run(() => OnParticipantGoneAsync(detached));
        }
    }

    public IEnumerable<RoomMember> Members => _members.Values;

    public Task SendAsync(RoomMember member, string method, object payload) =>
        hub.Clients.Client(member.ConnectionId).SendAsync(method, payload);

    private async Task OnParticipantGoneAsync(RoomMember member)
    {
        var others = MembersOf(member.Room).ToList();
        using (await LockAsync(member.Room.Name))
        {
            foreach (var producer in member.Participant.Producers)
            {
                await UnpublishAsync(member, producer, others);
            }
        }

        await BroadcastAsync(others, RoomEvents.ParticipantLeft, new ParticipantLeftEvent(member.Participant.Id));
        foreach (var other in others)
        {
            await OfferIfNeededAsync(other);
        }
    }

    private async Task UnpublishAsync(RoomMember member, Producer producer, List<RoomMember> others)
    {
        member.Participant.RemoveProducer(producer);
        foreach (var other in others)
        {
            foreach (var section in other.Negotiator.Sections.Where(s => s.ServerSends && s.Active && s.Producer == producer).ToList())
            {
                EndSubscription(other, section);
            }
        }

        await BroadcastAsync(others, RoomEvents.TrackUnpublished, new TrackUnpublishedEvent(member.Participant.Id, producer.Id));
    }

    private async Task OfferIfNeededAsync(RoomMember member)
    {
        OfferMessage? offer;
        using (await LockAsync(member.Room.Name))
        {
            offer = member.Negotiator.NeedsOffer ? member.Negotiator.CreateOffer() : null;
        }

        if (offer is not null)
        {
            await SendAsync(member, RoomEvents.Offer, offer);
        }
    }

    private static Producer CreateProducer(RoomMember member, SectionState section)
    {
        var media = section.Negotiated!;
        var source = member.Sources.GetValueOrDefault(media.Mid, media.Kind == "audio" ? "microphone" : "camera");
        var producer = ProducerFactory.Create(member.Participant, media, source, member.Room.Clock);
        if (!producer.IsVideo)
        {
            producer.Speakers = member.Room.Speakers;
            lock (member.Room.Speakers)
            {
                member.Room.Speakers.AddProducer(producer.NumericId);
            }
        }

        section.Producer = producer;
        return producer;
    }

    private static void AddSubscription(RoomMember member, Producer producer)
    {
        var track = new SdpLocalTrack(NewSsrc(), producer.IsVideo ? NewSsrc() : null, producer.Publisher.Id, producer.Publisher.Id, producer.Id);
        member.Negotiator.AddSubscription(producer.Kind, track, producer);
    }

    private static void EndSubscription(RoomMember member, SectionState section)
    {
        section.Active = false;
        if (section.Consumer is { } consumer)
        {
            consumer.Source.RemoveConsumer(consumer);
            member.Participant.RemoveConsumer(consumer);
            section.Consumer = null;
        }
    }

    private void Connect(RoomMember member, SectionState section)
    {
        var producer = section.Producer!;
        var consumer = ProducerFactory.CreateConsumer(
            producer, member.Participant, section.Negotiated!, section.Track!, MediaCapabilities.PublisherOnlyExtensions, node.Clock);
        section.Consumer = consumer;
        if (!member.Room.Participants.Contains(producer.Publisher))
        {
            return; // the publisher left while this offer was out
        }

        member.Room.Connect(producer, consumer);
        producer.RequestKeyframe();
    }

    private static ParticipantInfo Describe(RoomMember member) =>
        new(member.Participant.Id, member.Participant.UserId, member.Participant.DisplayName,
            member.Participant.Producers.Select(p => Describe(member, p)).ToList(), member.HandRaised);

    private static TrackInfo Describe(RoomMember member, Producer producer) =>
        new(producer.Id, producer.Kind, producer.Source, producer.Muted, producer.IsSimulcast, producer.Rids);

    private static Producer FindProducer(Room room, string trackId) =>
        room.Participants.SelectMany(p => p.Producers).FirstOrDefault(p => p.Id == trackId)
        ?? throw RoomErrors.Error(RoomErrors.UnknownTrack, "no track with that id in this room");

    private static Consumer ConsumerOf(RoomMember member, string trackId) =>
        member.Participant.Consumers.FirstOrDefault(c => c.Source.Id == trackId)
        ?? throw RoomErrors.Error(RoomErrors.UnknownTrack, "you receive no track with that id");

    private RoomMember Member(string connectionId) =>
        _members.TryGetValue(connectionId, out var member)
            ? member
            : throw RoomErrors.Error(RoomErrors.NotJoined, "call Join first");

    private static SessionDescription Parse(string sdp) =>
        SdpParser.TryParse(sdp, out var parsed, out var error) ? parsed : throw RoomErrors.Error(RoomErrors.BadSdp, error.ToString());

    private Task BroadcastAsync(IEnumerable<RoomMember> members, string method, object payload) =>
        Task.WhenAll(members.Select(m => SendAsync(m, method, payload)));

    private async Task<IDisposable> LockAsync(string room)
    {
        var gate = _locks.GetOrAdd(room, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        return new Releaser(gate);
    }

    private static uint NewSsrc() => (uint)Random.Shared.NextInt64(1, uint.MaxValue);

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
