using System.Collections.Concurrent;
using Messenger.MediaServer.Rtp;
using Messenger.MediaServer.Session;

namespace Messenger.MediaServer.Routing;

/// <summary>
/// Someone in a room, with the one session that carries what they publish and what they receive.
/// </summary>
public sealed class Participant
{
    private readonly ConcurrentDictionary<uint, (Producer Producer, int Layer)> _producersBySsrc = new();
    private readonly ConcurrentDictionary<uint, Consumer> _consumersBySsrc = new();
    private readonly List<Producer> _producers = [];
    private readonly HashSet<uint> _ignoredSsrcs = [];
    private RtpExtensionMap _extensionMap = new();
    private long _receiveEstimate;

    public Participant(string id, string userId, string displayName, WebRtcSession session)
    {
        Id = id;
        UserId = userId;
        DisplayName = displayName;
        Session = session;
        RtcpSsrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
    }

    public string Id { get; }

    public string UserId { get; }

    public string DisplayName { get; }

    public WebRtcSession Session { get; }

    /// <summary>The SSRC our RTCP to this participant is sent from (feedback needs a sender SSRC, RFC 4585 §6.1).</summary>
    public uint RtcpSsrc { get; }

    public IReadOnlyList<Producer> Producers
    {
        get
        {
            lock (_producers)
            {
                return [.. _producers];
            }
        }
    }

    public ICollection<Consumer> Consumers => _consumersBySsrc.Values;

    /// <summary>The bitrate this participant last said it can receive (REMB), or 0 before the first report.</summary>
    public long ReceiveEstimateBps
    {
        get => Interlocked.Read(ref _receiveEstimate);
        set => Interlocked.Exchange(ref _receiveEstimate, value);
    }

    /// <summary>Adds a published track. SSRCs the offer listed map straight to it; FID repair SSRCs are ignored.</summary>
    public void AddProducer(Producer producer, IEnumerable<uint> mediaSsrcs, IEnumerable<uint> repairSsrcs, RtpExtensionMap extensionMap)
    {
        lock (_producers)
        {
            _producers.Add(producer);
            _extensionMap = extensionMap;
            var layer = 0;
            foreach (var ssrc in mediaSsrcs)
            {
                if (layer < producer.LayerCount)
                {
                    producer.SetLayerSsrc(layer, ssrc);
                    _producersBySsrc[ssrc] = (producer, layer++);
                }
            }

            foreach (var ssrc in repairSsrcs)
            {
                _ignoredSsrcs.Add(ssrc);
            }
        }
    }

    /// <summary>Stops routing a track's SSRCs (the publisher unpublished it).</summary>
    public void RemoveProducer(Producer producer)
    {
        lock (_producers)
        {
            _producers.Remove(producer);
            foreach (var entry in _producersBySsrc)
            {
                if (ReferenceEquals(entry.Value.Producer, producer))
                {
                    _producersBySsrc.TryRemove(entry);
                }
            }
        }
    }

    public bool RemoveConsumer(Consumer consumer) => _consumersBySsrc.TryRemove(new(consumer.Ssrc, consumer));

    private int LayerOfRid(Producer producer, RtpPacket packet)
    {
        if (!packet.TryGetRid(_extensionMap, out var rid))
        {
            return -1;
        }

        for (var i = 0; i < producer.Rids.Count; i++)
        {
            if (System.Text.Ascii.Equals(rid, producer.Rids[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public void AddConsumer(Consumer consumer) => _consumersBySsrc[consumer.Ssrc] = consumer;

    public bool TryGetConsumer(uint ssrc, out Consumer consumer) => _consumersBySsrc.TryGetValue(ssrc, out consumer!);

    /// <summary>
    /// Finds the producer a packet belongs to. An SSRC the offer did not list is bound through the MID header
    /// extension (RFC 8843 §9.2), the way browsers expect unsignalled SSRCs to be demultiplexed.
    /// </summary>
    public Producer? ResolveProducer(RtpPacket packet, out int layer, out bool isRepair)
    {
        isRepair = false;
        layer = 0;
        if (_producersBySsrc.TryGetValue(packet.Ssrc, out var known))
        {
            layer = known.Layer;
            return known.Producer;
        }

        lock (_producers)
        {
            if (_ignoredSsrcs.Contains(packet.Ssrc))
            {
                isRepair = true;
                return null;
            }

            if (packet.TryGetRepairedRid(_extensionMap, out _))
            {
                // An RTX stream (RFC 4588): remembered so later packets skip this lookup.
                _ignoredSsrcs.Add(packet.Ssrc);
                isRepair = true;
                return null;
            }

            if (!packet.TryGetMid(_extensionMap, out var mid))
            {
                return null;
            }

            foreach (var producer in _producers)
            {
                if (!System.Text.Ascii.Equals(mid, producer.Mid))
                {
                    continue;
                }

                // Simulcast layers are told apart by RID (RFC 8852); a plain stream is layer 0.
                var found = producer.IsSimulcast ? LayerOfRid(producer, packet) : 0;
                if (found >= 0 && producer.GetLayerSsrc(found) == 0)
                {
                    producer.SetLayerSsrc(found, packet.Ssrc);
                    _producersBySsrc[packet.Ssrc] = (producer, found);
                    layer = found;
                    return producer;
                }
            }
        }

        return null;
    }
}
