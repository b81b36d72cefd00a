using Messenger.MediaServer.Forwarding;
using Messenger.MediaServer.Interceptors;
using Messenger.MediaServer.Rtcp;
using Messenger.MediaServer.Rtp;
using Messenger.MediaServer.Rtp.Vp8;
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

    private const string AudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    private static int s_nextNumericId;
    private readonly byte _audioLevelId;
    private readonly object _consumersGate = new();
    private readonly TimeProvider _clock;
    private Consumer[] _consumers = [];
    private readonly uint[] _layerSsrcs;
    private readonly long[] _layerBytes;
    private readonly long[] _lastKeyframeRequests;
    private const int MaxTemporalLayers = 3;
    private readonly int[] _layerWidths;
    private readonly long[] _temporalBytes;
    private readonly int[] _temporalLayersSeen;
    private readonly NackGenerator[] _lossDetectors;
    private int _muted;
    private long _packets;
    private long _bytes;

    public Producer(
        string id, Participant publisher, string kind, string mid, int payloadType, int clockRate,
        IReadOnlyList<KeyValuePair<int, string>> extensions, TimeProvider clock, IReadOnlyList<string>? rids = null)
    {
        Rids = rids ?? [];
        NumericId = Interlocked.Increment(ref s_nextNumericId);
        _audioLevelId = (byte)extensions.FirstOrDefault(e => e.Value == AudioLevelUri).Key;
        _layerSsrcs = new uint[Math.Max(1, Rids.Count)];
        _layerBytes = new long[_layerSsrcs.Length];
        _lastKeyframeRequests = new long[_layerSsrcs.Length];
        _layerWidths = new int[_layerSsrcs.Length];
        _temporalBytes = new long[_layerSsrcs.Length * MaxTemporalLayers];
        _temporalLayersSeen = new int[_layerSsrcs.Length];
        _lossDetectors = IsVideoKind(kind) ? Enumerable.Range(0, _layerSsrcs.Length).Select(_ => new NackGenerator(clock)).ToArray() : [];
        Array.Fill(_lastKeyframeRequests, long.MinValue);
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

    /// <summary>What the track shows: camera, microphone or screen (as the publisher declared it).</summary>
    public string Source { get; init; } = "camera";

    public int PayloadType { get; }

    /// <summary>The publisher's RED payload type (RFC 2198) when it negotiated red for this audio section.</summary>
    public int? RedPayloadType { get; init; }

    public int ClockRate { get; }

    /// <summary>The publisher's extension ids and URIs, for building each consumer's rewriter.</summary>
    public IReadOnlyList<KeyValuePair<int, string>> Extensions { get; }

    /// <summary>A small number naming this producer to the active-speaker detector.</summary>
    public int NumericId { get; }

    /// <summary>The room's speaker detector, fed from this track's audio-level extension (RFC 6464).</summary>
    public ActiveSpeakerDetector? Speakers { get; set; }

    /// <summary>Simulcast RIDs, lowest quality first (our clients send l, m, h); empty for a single stream.</summary>
    public IReadOnlyList<string> Rids { get; }

    public bool IsSimulcast => Rids.Count > 1;

    public int LayerCount => _layerSsrcs.Length;

    /// <summary>The media SSRC of layer 0 (the only one without simulcast), learned from the offer or from RTP.</summary>
    public uint Ssrc
    {
        get => _layerSsrcs[0];
        internal set => _layerSsrcs[0] = value;
    }

    public uint GetLayerSsrc(int layer) => (uint)layer < (uint)_layerSsrcs.Length ? Volatile.Read(ref _layerSsrcs[layer]) : 0;

    internal void SetLayerSsrc(int layer, uint ssrc) => Volatile.Write(ref _layerSsrcs[layer], ssrc);

    /// <summary>Bytes received on one temporal layer (VP8 TID) of one spatial layer; the ticker turns them into rates.</summary>
    public long GetTemporalBytes(int layer, int temporal) => Interlocked.Read(ref _temporalBytes[(layer * MaxTemporalLayers) + temporal]);

    /// <summary>How many temporal layers the publisher sends on a layer (1 when VP8 carries no TID).</summary>
    public int GetTemporalLayerCount(int layer) => Math.Max(1, Volatile.Read(ref _temporalLayersSeen[layer]));

    /// <summary>Frame width last seen in a keyframe of the layer, 0 before the first.</summary>
    public int GetLayerWidth(int layer) => Volatile.Read(ref _layerWidths[layer]);

    /// <summary>Bytes received so far on one layer; the housekeeping turns differences into bitrates.</summary>
    public long GetLayerBytes(int layer) => Interlocked.Read(ref _layerBytes[layer]);

    /// <summary>A muted track is not forwarded at all; unmuting needs no renegotiation.</summary>
    public bool Muted
    {
        get => Volatile.Read(ref _muted) != 0;
        set => Volatile.Write(ref _muted, value ? 1 : 0);
    }

    public bool IsVideo => IsVideoKind(Kind);

    public long PacketsReceived => Interlocked.Read(ref _packets);

    public long BytesReceived => Interlocked.Read(ref _bytes);

    public IReadOnlyList<Consumer> Consumers => Volatile.Read(ref _consumers);

    private static bool IsVideoKind(string kind) => kind == "video";

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

    /// <summary>Forwards one packet of <paramref name="layer"/> to every consumer. Runs on the receive loop; allocates nothing.</summary>
    public void Forward(RtpPacket packet, int layer = 0)
    {
        Interlocked.Increment(ref _packets);
        Interlocked.Add(ref _bytes, packet.Length);
        Interlocked.Add(ref _layerBytes[layer], packet.Length);
        if (_lossDetectors.Length > 0)
        {
            var detector = _lossDetectors[layer];
            lock (detector)
            {
                detector.OnPacket(packet.SequenceNumber);
            }
        }

        if (IsVideo)
        {
            // One descriptor parse serves both the temporal-rate count and the keyframe size.
            var hasDescriptor = Vp8PayloadDescriptor.TryParse(packet.Payload, out var descriptor);
            CountTemporal(packet.Length, layer, hasDescriptor && descriptor.HasTid ? descriptor.TemporalLayerId : 0);
            if (hasDescriptor && Vp8KeyframeHeader.TryReadWidth(packet.Payload, descriptor, out var width))
            {
                Volatile.Write(ref _layerWidths[layer], width);
            }
        }
        else if (_audioLevelId != 0 && Speakers is { } speakers && packet.TryGetExtension(_audioLevelId, out var value)
            && RtpExtensionValues.TryReadAudioLevel(value, out _, out var level))
        {
            lock (speakers)
            {
                speakers.OnAudioLevel(NumericId, level);
            }
        }

        var consumers = Volatile.Read(ref _consumers);
        if (consumers.Length == 0 || packet.Length > Consumer.MaxPacketLength || Muted)
        {
            return;
        }

        Span<byte> scratch = stackalloc byte[Consumer.MaxPacketLength + WebRtcSession.MaxSrtpOverhead];
        foreach (var consumer in consumers)
        {
            consumer.Send(packet, layer, scratch);
        }
    }

    private void CountTemporal(int length, int layer, int temporalId)
    {
        var temporal = Math.Min(temporalId, MaxTemporalLayers - 1);
        Interlocked.Add(ref _temporalBytes[(layer * MaxTemporalLayers) + temporal], length);
        if (temporal + 1 > Volatile.Read(ref _temporalLayersSeen[layer]))
        {
            Volatile.Write(ref _temporalLayersSeen[layer], temporal + 1);
        }
    }

    /// <summary>
    /// Upstream loss recovery: NACKs the publisher for packets missing on each layer (RFC 4585 §6.2.1), and asks for
    /// a keyframe when a gap is too large to repair. Called every few tens of milliseconds, off the receive loop.
    /// </summary>
    public void SendUpstreamFeedback()
    {
        Span<ushort> lost = stackalloc ushort[64];
        Span<byte> packet = stackalloc byte[12 + (64 * 4) + WebRtcSession.MaxSrtpOverhead];
        for (var layer = 0; layer < _lossDetectors.Length; layer++)
        {
            int count;
            bool keyframe;
            var detector = _lossDetectors[layer];
            lock (detector)
            {
                count = detector.CollectNacks(lost);
                keyframe = detector.ConsumeKeyframeRequest();
            }

            var ssrc = GetLayerSsrc(layer);
            if (count > 0 && ssrc != 0 && GenericNack.TryWrite(packet, Publisher.RtcpSsrc, ssrc, lost[..count], out var written))
            {
                Publisher.Session.SendRtcp(packet, written);
            }

            if (keyframe)
            {
                RequestKeyframe(layer);
            }
        }
    }

    /// <summary>Asks the publisher for a keyframe on one layer (PLI, RFC 4585 §6.3.1), at most once per interval.</summary>
    public void RequestKeyframe(int layer = -1)
    {
        if (!IsVideo)
        {
            return;
        }

        if (layer < 0)
        {
            for (var l = 0; l < LayerCount; l++)
            {
                RequestKeyframe(l);
            }

            return;
        }

        var ssrc = GetLayerSsrc(layer);
        if (ssrc == 0)
        {
            return;
        }

        var now = _clock.GetTimestamp();
        var last = Interlocked.Read(ref _lastKeyframeRequests[layer]);
        if (last != long.MinValue && _clock.GetElapsedTime(last, now) < KeyframeRequestInterval)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _lastKeyframeRequests[layer], now, last) != last)
        {
            return; // another thread asked in the same instant
        }

        Span<byte> pli = stackalloc byte[12 + WebRtcSession.MaxSrtpOverhead];
        if (PictureLossIndication.TryWrite(pli, Publisher.RtcpSsrc, ssrc, out var written)
            && Publisher.Session.SendRtcp(pli, written))
        {
            Publisher.Session.Stats.CountPliSent();
        }
    }
}
