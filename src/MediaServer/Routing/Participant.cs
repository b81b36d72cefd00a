using System.Collections.Concurrent;
using Messenger.MediaServer.Rtp;
using Messenger.MediaServer.Session;

namespace Messenger.MediaServer.Routing;

/// <summary>
/// Someone in a room, with the one session that carries what they publish and what they receive.
/// </summary>
public sealed class Participant
{
    private readonly ConcurrentDictionary<uint, Producer> _producersBySsrc = new();
    private readonly ConcurrentDictionary<uint, Consumer> _consumersBySsrc = new();
    private readonly List<Producer> _producers = [];
    private readonly HashSet<uint> _ignoredSsrcs = [];
    private RtpExtensionMap _extensionMap = new();

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

    /// <summary>Adds a published track. SSRCs the offer listed map straight to it; FID repair SSRCs are ignored.</summary>
    public void AddProducer(Producer producer, IEnumerable<uint> mediaSsrcs, IEnumerable<uint> repairSsrcs, RtpExtensionMap extensionMap)
    {
        lock (_producers)
        {
            _producers.Add(producer);
            _extensionMap = extensionMap;
            foreach (var ssrc in mediaSsrcs)
            {
                producer.Ssrc = producer.Ssrc == 0 ? ssrc : producer.Ssrc;
                _producersBySsrc[ssrc] = producer;
            }

            foreach (var ssrc in repairSsrcs)
            {
                _ignoredSsrcs.Add(ssrc);
            }
        }
    }

    public void AddConsumer(Consumer consumer) => _consumersBySsrc[consumer.Ssrc] = consumer;

    public bool TryGetConsumer(uint ssrc, out Consumer consumer) => _consumersBySsrc.TryGetValue(ssrc, out consumer!);

    /// <summary>
    /// Finds the producer a packet belongs to. An SSRC the offer did not list is bound through the MID header
    /// extension (RFC 8843 §9.2), the way browsers expect unsignalled SSRCs to be demultiplexed.
    /// </summary>
    public Producer? ResolveProducer(RtpPacket packet, out bool isRepair)
    {
        isRepair = false;
        if (_producersBySsrc.TryGetValue(packet.Ssrc, out var known))
        {
            return known;
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
                if (producer.Ssrc == 0 && System.Text.Ascii.Equals(mid, producer.Mid))
                {
                    producer.Ssrc = packet.Ssrc;
                    _producersBySsrc[packet.Ssrc] = producer;
                    return producer;
                }
            }
        }

        return null;
    }
}
