using Messenger.MediaServer.Auth;
using Messenger.MediaServer.Hosting;
using Messenger.MediaServer.Ice;
using Messenger.MediaServer.Routing;
using Messenger.MediaServer.Rtp;
using Messenger.MediaServer.Sdp;
using Messenger.MediaServer.Session;
using Microsoft.AspNetCore.Http;

namespace Messenger.MediaServer.Whip;

/// <summary>
/// Offer in, answer out (RFC 9725): WHIP makes the caller a publisher in the room, WHEP makes them a subscriber of
/// one publisher. Each request creates one participant with one session; the resource id is the participant id.
/// </summary>
public sealed class WhipService(MediaNode node)
{
    public WhipOutcome Publish(string roomName, MediaGrant grant, string offerSdp)
    {
        if (!TryParseOffer(offerSdp, out var offer, out var failure))
        {
            return failure;
        }

        var agent = new IceLiteAgent(node.Clock, node.IceOptions);
        if (!TryAnswer(offer, agent, new Dictionary<string, SdpLocalTrack>(), out var answer, out failure))
        {
            return failure;
        }

        var published = answer.Session.Media.Where(m => m.Direction == SdpDirection.RecvOnly).ToList();
        if (published.Count == 0)
        {
            return WhipOutcome.Fail(StatusCodes.Status400BadRequest, "sdp", "The offer publishes no audio or video (no sendonly section).");
        }

        var room = node.Rooms.GetOrCreate(roomName);
        var id = NewId();
        var session = new WebRtcSession(id, answer.Session, agent, node.Certificate, node.Transport, room, node.DtlsOptions);
        var participant = new Participant(id, grant.UserId, grant.DisplayName, session);
        foreach (var media in published)
        {
            ProducerFactory.Create(participant, media, media.Kind == "audio" ? "microphone" : "camera", node.Clock);
        }

        room.Add(participant);
        session.Start();
        return new WhipOutcome(StatusCodes.Status201Created, answer.Description.ToString(), id, ETagOf(session));
    }

    public WhipOutcome Play(string roomName, MediaGrant grant, string offerSdp, string? publisherId)
    {
        if (!TryParseOffer(offerSdp, out var offer, out var failure))
        {
            return failure;
        }

        if (!node.Rooms.TryGet(roomName, out var room) || FindPublisher(room, publisherId) is not { } publisher)
        {
            return WhipOutcome.Fail(StatusCodes.Status404NotFound, publisherId is null ? "room" : "participant",
                publisherId is null ? "Nobody is publishing in this room." : "No such publisher in this room.");
        }

        // Give each receiving section of the offer one of the publisher's tracks of the same kind.
        var tracks = new Dictionary<string, SdpLocalTrack>(StringComparer.Ordinal);
        var assigned = new Dictionary<string, Producer>(StringComparer.Ordinal);
        var available = publisher.Producers.ToList();
        foreach (var media in offer.Media.Where(m => m.Mid is not null && !m.IsRejected))
        {
            var producer = available.FirstOrDefault(p => p.Kind == media.Kind);
            if (producer is null)
            {
                continue;
            }

            available.Remove(producer);
            assigned[media.Mid!] = producer;
            tracks[media.Mid!] = new SdpLocalTrack(
                NewSsrc(), producer.IsVideo ? NewSsrc() : null, publisher.Id, publisher.Id, producer.Id);
        }

        var agent = new IceLiteAgent(node.Clock, node.IceOptions);
        if (!TryAnswer(offer, agent, tracks, out var answer, out failure))
        {
            return failure;
        }

        var id = NewId();
        var session = new WebRtcSession(id, answer.Session, agent, node.Certificate, node.Transport, room, node.DtlsOptions);
        var subscriber = new Participant(id, grant.UserId, grant.DisplayName, session);
        room.Add(subscriber);
        foreach (var media in answer.Session.Media)
        {
            if (media.LocalTrack is { } track && assigned.TryGetValue(media.Mid, out var producer)
                && media.Direction is SdpDirection.SendOnly or SdpDirection.SendRecv)
            {
                var consumer = ProducerFactory.CreateConsumer(
                    producer, subscriber, media, track, MediaCapabilities.PublisherOnlyExtensions, node.Clock);
                room.Connect(producer, consumer);
            }
        }

        session.Start();
        return new WhipOutcome(StatusCodes.Status201Created, answer.Description.ToString(), id, ETagOf(session));
    }

    /// <summary>Ends a session (HTTP DELETE on its resource).</summary>
    public bool End(string roomName, string id)
    {
        if (!node.Rooms.TryGet(roomName, out var room) || !room.TryGetParticipant(id, out var participant))
        {
            return false;
        }

        participant.Session.Close(SessionCloseReason.ClientRequest);
        return true;
    }

    public bool TryGetSession(string roomName, string id, out WebRtcSession session)
    {
        session = null!;
        if (node.Rooms.TryGet(roomName, out var room) && room.TryGetParticipant(id, out var participant))
        {
            session = participant.Session;
            return true;
        }

        return false;
    }

    public static string ETagOf(WebRtcSession session) => $"\"{session.LocalUfrag}\"";

    private static Participant? FindPublisher(Room room, string? publisherId)
    {
        if (publisherId is not null)
        {
            return room.TryGetParticipant(publisherId, out var named) && named.Producers.Count > 0 ? named : null;
        }

        return room.Participants.FirstOrDefault(p => p.Producers.Count > 0);
    }

    private static bool TryParseOffer(string offerSdp, out SessionDescription offer, out WhipOutcome failure)
    {
        failure = null!;
        if (SdpParser.TryParse(offerSdp, out var parsed, out var error))
        {
            offer = parsed;
            return true;
        }

        offer = null!;
        failure = WhipOutcome.Fail(StatusCodes.Status400BadRequest, "sdp", error.ToString());
        return false;
    }

    private bool TryAnswer(
        SessionDescription offer, IceLiteAgent agent, IReadOnlyDictionary<string, SdpLocalTrack> tracks,
        out SdpAnswer answer, out WhipOutcome failure)
    {
        failure = null!;
        var sessionId = ((ulong)Random.Shared.NextInt64(1, long.MaxValue)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var answerer = MediaCapabilities.Answerer(node, agent.LocalUfrag, agent.LocalPassword, tracks, sessionId, 1);
        if (answerer.TryCreateAnswer(offer, out var created, out var error))
        {
            answer = created;
            return true;
        }

        answer = null!;
        failure = WhipOutcome.Fail(StatusCodes.Status400BadRequest, "sdp", error.ToString());
        return false;
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    private static uint NewSsrc() => (uint)Random.Shared.NextInt64(1, uint.MaxValue);
}
