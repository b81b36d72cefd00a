using Messenger.MediaServer.Rtp;
using Messenger.MediaServer.Sdp;

namespace Messenger.MediaServer.Routing;

/// <summary>
/// Makes the producer for a section a participant publishes, the same way for WHIP and for room signalling:
/// simulcast RIDs (lowest quality first, the order of the peer's a=simulcast line), signalled SSRCs and their RTX
/// pairs, and the section's header-extension ids.
/// </summary>
public static class ProducerFactory
{
    public static Producer Create(Participant publisher, NegotiatedMedia media, string source, TimeProvider clock)
    {
        var rids = media.Simulcast?.Recv.Select(alternatives => alternatives[0].Rid).ToList() ?? [];
        var producer = new Producer(
            Guid.NewGuid().ToString("N"), publisher, media.Kind, media.Mid, media.PayloadType, media.ClockRate,
            media.Extmaps.Select(e => new KeyValuePair<int, string>(e.Id, e.Uri)).ToList(), clock, rids)
        {
            Source = source,
            RedPayloadType = media.RedPayloadType,
        };

        var repair = media.RemoteRtxSsrcs.Select(p => p.Value).ToHashSet();
        var ssrcs = media.RemoteSimulcastSsrcs.Count > 0
            ? media.RemoteSimulcastSsrcs
            : media.RemoteSsrcs.Select(s => s.Ssrc).Where(s => !repair.Contains(s)).Distinct().ToList();
        var map = new RtpExtensionMap();
        foreach (var extmap in media.Extmaps)
        {
            map.TryRegister((byte)extmap.Id, extmap.Uri);
        }

        publisher.AddProducer(producer, ssrcs, media.RemoteRtxSsrcs, map);
        return producer;
    }

    /// <summary>The consumer for a subscriber's section that sends <paramref name="producer"/>.</summary>
    public static Consumer CreateConsumer(
        Producer producer, Participant subscriber, NegotiatedMedia media, SdpLocalTrack track, IReadOnlySet<string> neverForward, TimeProvider clock)
    {
        var rewriter = new RtpExtensionRewriter(
            producer.Extensions, media.Extmaps.ToDictionary(e => e.Uri, e => e.Id, StringComparer.Ordinal), neverForward);
        return new Consumer(
            producer, subscriber, media.Mid, track.Ssrc, (byte)media.PayloadType, rewriter, clock,
            (byte?)media.RtxPayloadType, track.RtxSsrc, (byte?)media.RedPayloadType);
    }
}
