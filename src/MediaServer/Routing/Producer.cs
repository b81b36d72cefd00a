using Messenger.MediaServer.Rtcp;
using Messenger.MediaServer.Rtp;
using Messenger.MediaServer.Session;

namespace Messenger.MediaServer.Routing;

/// <summary>
/// One track a participant publishes (one m= section of their offer). It fans each packet out to its consumers and
/// carries keyframe requests back to the publisher, throttled so a crowd of subscribers costs one PLI.
/// </summary>
public sealed class Producer
{
    /// <summary>At most one upstream keyframe request per this interval (RFC 4585 §3.4 asks senders not to flood).</summary>
    public static readonly TimeSpan KeyframeRequestInterval = TimeSpan.FromMilliseconds(300);

    private readonly object _consumersGate = new();
    private readonly TimeProvider _clock;
    private Consumer[] _consumers = [];
    private long _lastKeyframeRequest = long.MinValue;
    private long _packets;
    private long _bytes;

    public Producer(
        string id, Participant publisher, string kind, string mid, int payloadType, int clockRate,
        IReadOnlyList<KeyValuePair<int, string>> extensions, TimeProvider clock)
    {
        Id = id;
        Publisher = publisher;
        Kind = kind;
        Mid = mid;
        PayloadType = payloadType;
        ClockRate = clockRate;
        Extensions = extensions;
        _clock = clock;
    }

    public string Id { get; }

    public Participant Publisher { get; }

    public string Kind { get; }

    public string Mid { get; }

    public int PayloadType { get; }

    public int ClockRate { get; }

    /// <summary>The publisher's extension ids and URIs, for building each consumer's rewriter.</summary>
    public IReadOnlyList<KeyValuePair<int, string>> Extensions { get; }

    /// <summary>The media SSRC, learned from the offer or from the first packet carrying our MID.</summary>
    public uint Ssrc { get; internal set; }

    public bool IsVideo => Kind == "video";

    public long PacketsReceived => Interlocked.Read(ref _packets);

    public long BytesReceived => Interlocked.Read(ref _bytes);

    public IReadOnlyList<Consumer> Consumers => Volatile.Read(ref _consumers);

    // Copy-on-write: joins and leaves are rare and take the lock; the receive loop reads the array without one.
    public void AddConsumer(Consumer consumer)
    {
        lock (_consumersGate)
        {
            _consumers = [.. _consumers, consumer];
        }
    }

    public void RemoveConsumer(Consumer consumer)
    {
        lock (_consumersGate)
        {
            _consumers = Array.FindAll(_consumers, c => !ReferenceEquals(c, consumer));
        }
    }

    /// <summary>Forwards one packet to every consumer. Runs on the receive loop; allocates nothing.</summary>
    public void Forward(RtpPacket packet)
    {
        Interlocked.Increment(ref _packets);
        Interlocked.Add(ref _bytes, packet.Length);
        var consumers = Volatile.Read(ref _consumers);
        if (consumers.Length == 0 || packet.Length > Consumer.MaxPacketLength)
        {
            return;
        }

        Span<byte> scratch = stackalloc byte[Consumer.MaxPacketLength + WebRtcSession.MaxSrtpOverhead];
        foreach (var consumer in consumers)
        {
            consumer.Send(packet, scratch);
        }
    }

    /// <summary>Asks the publisher for a keyframe (PLI, RFC 4585 §6.3.1), at most once per interval.</summary>
    public void RequestKeyframe()
    {
        if (!IsVideo || Ssrc == 0)
        {
            return;
        }

        var now = _clock.GetTimestamp();
        var last = Interlocked.Read(ref _lastKeyframeRequest);
        if (last != long.MinValue && _clock.GetElapsedTime(last, now) < KeyframeRequestInterval)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _lastKeyframeRequest, now, last) != last)
        {
            return; // another thread asked in the same instant
        }

        Span<byte> pli = stackalloc byte[12 + WebRtcSession.MaxSrtpOverhead];
        if (PictureLossIndication.TryWrite(pli, Publisher.RtcpSsrc, Ssrc, out var written)
            && Publisher.Session.SendRtcp(pli, written))
        {
            Publisher.Session.Stats.CountPliSent();
        }
    }
}
