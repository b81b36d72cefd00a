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
    private readonly ConcurrentDictionary<uint, (Producer Producer, int Layer)> _repairBySsrc = new();
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

    /// <summary>Seconds in a row the path to this participant looked clean, for probing upward (RoomTicker).</summary>
    public int CleanSeconds { get; set; }

    /// <summary>The bitrate this participant last said it can receive (REMB), or 0 before the first report.</summary>
    public long ReceiveEstimateBps
    {
        get => Interlocked.Read(ref _receiveEstimate);
        set => Interlocked.Exchange(ref _receiveEstimate, value);
    }

    /// <summary>
    /// Adds a published track. SSRCs the offer listed map straight to it, and FID pairs (RFC 5576 §4) map each
    /// RTX SSRC to the layer it repairs.
    /// </summary>
    public void AddProducer(
        Producer producer, IEnumerable<uint> mediaSsrcs, IEnumerable<KeyValuePair<uint, uint>> repairPairs, RtpExtensionMap extensionMap)
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

            foreach (var (media, repair) in repairPairs)
            {
                if (_producersBySsrc.TryGetValue(media, out var target))
                {
                    _repairBySsrc[repair] = target;
                }
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

    private Producer? BindRepair(uint ssrc, ReadOnlySpan<byte> mid, ReadOnlySpan<byte> rid, out int layer, out bool isRepair)
    {
        isRepair = true;
        layer = 0;
        foreach (var producer in _producers)
        {
            if (System.Text.Ascii.Equals(mid, producer.Mid))
            {
                layer = producer.IsSimulcast ? LayerOfRid(producer, rid) : 0;
                if (layer >= 0)
                {
                    _repairBySsrc[ssrc] = (producer, layer);
                    return producer;
                }
            }
        }

        return null;
    }

    private int LayerOfRid(Producer producer, RtpPacket packet) =>
        packet.TryGetRid(_extensionMap, out var rid) ? LayerOfRid(producer, rid) : -1;

    private static int LayerOfRid(Producer producer, ReadOnlySpan<byte> rid)
    {
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

        if (_repairBySsrc.TryGetValue(packet.Ssrc, out var repaired))
        {
            isRepair = true;
            layer = repaired.Layer;
            return repaired.Producer;
        }

        lock (_producers)
        {
            if (!packet.TryGetMid(_extensionMap, out var mid))
            {
                return null;
            }

            if (packet.TryGetRepairedRid(_extensionMap, out var repairedRid))
            {
                // An RTX stream (RFC 4588) of a simulcast layer, named by RID (RFC 8852 §3.2).
                return BindRepair(packet.Ssrc, mid, repairedRid, out layer, out isRepair);
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
