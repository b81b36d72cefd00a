using System.Collections.Concurrent;
using Messenger.MediaServer.Forwarding;
using Messenger.MediaServer.Rtcp;
using Messenger.MediaServer.Rtp;
using Messenger.MediaServer.Session;
using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Routing;

/// <summary>
/// A room: participants, the tracks they publish and who consumes them. It is the listener of its participants'
/// sessions, so packets reach it already decrypted and parsed; it decides where they go.
/// </summary>
public sealed class Room : IWebRtcSessionListener
{
    private readonly ConcurrentDictionary<string, Participant> _participants = new(StringComparer.Ordinal);
    private readonly DropCounters _drops;
    private readonly TimeProvider _clock;
    private readonly Action<Room> _onEmpty;

    public Room(string name, DropCounters drops, TimeProvider clock, Action<Room> onEmpty)
    {
        Name = name;
        _drops = drops;
        _clock = clock;
        _onEmpty = onEmpty;
        Speakers = new ActiveSpeakerDetector(clock);
    }

    public string Name { get; }

    public TimeProvider Clock => _clock;

    /// <summary>Ranks the room's audio producers by recent level; lock it to use it (receive loop and ticker share it).</summary>
    public ActiveSpeakerDetector Speakers { get; }

    /// <summary>Raised after a participant's session closed and the room forgot them.</summary>
    public event Action<Room, Participant>? ParticipantRemoved;

    public ICollection<Participant> Participants => _participants.Values;

    public bool TryGetParticipant(string id, out Participant participant) => _participants.TryGetValue(id, out participant!);

    public void Add(Participant participant)
    {
        participant.Session.Owner = participant;
        _participants[participant.Id] = participant;
    }

    /// <summary>Starts <paramref name="producer"/>'s stream towards <paramref name="subscriber"/>.</summary>
    public void Connect(Producer producer, Consumer consumer)
    {
        if (!_participants.ContainsKey(consumer.Subscriber.Id) || !_participants.ContainsKey(producer.Publisher.Id))
        {
            throw new InvalidOperationException("Both ends must be in this room.");
        }

        consumer.Subscriber.AddConsumer(consumer);
        producer.AddConsumer(consumer);
    }

    public void OnSessionConnected(WebRtcSession session)
    {
        // A new subscriber can only start decoding from a keyframe.
        if (session.Owner is Participant participant)
        {
            foreach (var consumer in participant.Consumers)
            {
                consumer.Source.RequestKeyframe();
            }
        }
    }

    public void OnRtp(WebRtcSession session, RtpPacket packet)
    {
        if (session.Owner is not Participant participant)
        {
            return;
        }

        var producer = participant.ResolveProducer(packet, out var layer, out var isRepair);
        if (producer is null)
        {
            _drops.Increment(DropReason.RtpUnknownSsrc);
            return;
        }

        if (isRepair)
        {
            // A retransmission we asked for (RTX, RFC 4588 §4): restore the original packet and forward it as such.
            if (!RtxUnwrapper.TryUnwrap(packet, producer.GetLayerSsrc(layer), (byte)producer.PayloadType, out var original))
            {
                return; // RTX padding (bandwidth probes) carries nothing to forward
            }

            producer.Forward(original, layer);
            return;
        }

        producer.Forward(packet, layer);
    }

    public void OnRtcp(WebRtcSession session, ReadOnlySpan<byte> compound)
    {
        if (session.Owner is Participant participant)
        {
            RtcpFeedbackHandler.Handle(participant, compound, _clock);
        }
    }

    public void OnSessionClosed(WebRtcSession session, SessionCloseReason reason)
    {
        if (session.Owner is not Participant participant || !_participants.TryRemove(participant.Id, out _))
        {
            return;
        }

        foreach (var consumer in participant.Consumers)
        {
            consumer.Source.RemoveConsumer(consumer);
        }

        foreach (var producer in participant.Producers)
        {
            foreach (var consumer in producer.Consumers)
            {
                producer.RemoveConsumer(consumer);
                consumer.Subscriber.RemoveConsumer(consumer);
            }

            lock (Speakers)
            {
                Speakers.RemoveProducer(producer.NumericId);
            }
        }

        ParticipantRemoved?.Invoke(this, participant);

        if (_participants.IsEmpty)
        {
            _onEmpty(this);
        }
    }

    /// <summary>Closes every session; used when the server stops.</summary>
    public void Close()
    {
        foreach (var participant in _participants.Values)
        {
            participant.Session.Close(SessionCloseReason.ServerShutdown);
        }
    }
}
