using Messenger.MediaServer.Forwarding;
using Messenger.MediaServer.Interceptors;
using Messenger.MediaServer.Rtp;
using Messenger.MediaServer.Rtp.Vp8;
using Messenger.MediaServer.Session;

namespace Messenger.MediaServer.Routing;

/// <summary>
/// One producer's track as one subscriber receives it. The forwarding decision (which simulcast layer, drop or
/// send) is the selector's; the rewrite is the mungers': one continuous stream under the subscriber's SSRC and
/// payload type, with gap-free sequence numbers, forward-only timestamps and continuous VP8 picture ids across
/// layer switches and pauses. Sent packets are kept so NACKs can be answered (issue #4). All of it runs on the
/// receive loop; other threads only post a new target layer.
/// </summary>
public sealed class Consumer : IDisposable
{
    public const int MaxPacketLength = 1500;

    private readonly RtpExtensionRewriter _extensions;
    private readonly TimeProvider _clock;
    private readonly RtpMunger _munger;
    private readonly Vp8Munger? _vp8;
    private readonly SimulcastLayerSelector? _selector;
    private long _packetsSent;
    private long _payloadBytesSent;
    private long _lastSendTimestamp;
    private uint _lastRtpTimestamp;
    private int _paused;
    private int _postedTarget = Pack(new VideoLayer(VideoLayer.MaxSpatialLayers - 1, VideoLayer.MaxTemporalLayers - 1));
    private int _appliedTarget = int.MinValue;
    private int _currentLayer = Pack(VideoLayer.None);

    public Consumer(
        Producer source, Participant subscriber, string mid, uint ssrc, byte payloadType,
        RtpExtensionRewriter extensions, TimeProvider clock, byte? rtxPayloadType = null, uint? rtxSsrc = null,
        byte? redPayloadType = null)
    {
        RedPayloadType = redPayloadType;
        Source = source;
        Subscriber = subscriber;
        Mid = mid;
        Ssrc = ssrc;
        PayloadType = payloadType;
        _extensions = extensions;
        _clock = clock;
        _munger = new RtpMunger(source.ClockRate, clock);
        if (source.IsVideo)
        {
            _vp8 = new Vp8Munger();
            _selector = new SimulcastLayerSelector();
            History = new PacketHistory(byteBudget: PacketHistory.DefaultByteBudget);
            Nacks = new NackResponder(History, clock);
            if (rtxPayloadType is { } rtxPt && rtxSsrc is { } rtx)
            {
                Nacks.EnableRtx(rtx, rtxPt, (ushort)Random.Shared.Next(ushort.MaxValue));
            }
        }
    }

    public Producer Source { get; }

    public Participant Subscriber { get; }

    /// <summary>The subscriber's m= section this stream is sent in.</summary>
    public string Mid { get; }

    public uint Ssrc { get; }

    public byte PayloadType { get; }

    /// <summary>The subscriber's RED payload type (RFC 2198) when it negotiated red; otherwise RED is unwrapped.</summary>
    public byte? RedPayloadType { get; }

    /// <summary>Packets sent to this subscriber, for NACK answers; video only.</summary>
    public PacketHistory? History { get; }

    public NackResponder? Nacks { get; }

    /// <summary>What the subscriber asked for (SetPreferredLayer); bandwidth may cap it further.</summary>
    public LayerPreference Preference { get; set; } = LayerPreference.Highest;

    public bool Paused
    {
        get => Volatile.Read(ref _paused) != 0;
        set => Volatile.Write(ref _paused, value ? 1 : 0);
    }

    /// <summary>The layer being forwarded now (for the LayerChanged event), or None.</summary>
    public VideoLayer CurrentLayer => Unpack(Volatile.Read(ref _currentLayer));

    public VideoLayer TargetLayer => Unpack(Volatile.Read(ref _postedTarget));

    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    public long PayloadBytesSent => Interlocked.Read(ref _payloadBytesSent);

    /// <summary>Posts the layer to aim for; the receive loop applies it on the next packet.</summary>
    public void SetTargetLayer(VideoLayer target) => Volatile.Write(ref _postedTarget, Pack(target));

    /// <summary>Copies <paramref name="packet"/> of <paramref name="layer"/> into <paramref name="scratch"/>, rewrites and sends it.</summary>
    public void Send(RtpPacket packet, int layer, Span<byte> scratch)
    {
        if (Paused || !Subscriber.Session.IsConnected)
        {
            return;
        }

        Vp8PayloadDescriptor descriptor = default;
        var hasDescriptor = _vp8 is not null && Vp8PayloadDescriptor.TryParse(packet.Payload, out descriptor);
        if (_selector is not null && !Decide(packet, layer, hasDescriptor, descriptor))
        {
            return;
        }

        var length = packet.Length;
        packet.Buffer.CopyTo(scratch);
        if (RtpPacket.TryParse(scratch[..length], out var copy) != RtpParseResult.Ok)
        {
            return;
        }

        // The VP8 rewrite may still refuse a frame from before the last switch; decide that before the munger
        // numbers the packet, so a refused packet leaves no hole in the sequence (Discard closes it).
        if (hasDescriptor && !_vp8!.Process(descriptor, copy.Payload))
        {
            _munger.Discard(packet.SequenceNumber);
            return;
        }

        if (RedPayload.MapPayloadType(packet.PayloadType, Source.RedPayloadType, PayloadType, RedPayloadType, out var payloadType))
        {
            // A subscriber without red gets the primary Opus block alone (RFC 2198 §3); a malformed RED payload or a
            // primary of another codec is dropped, and the munger closes its hole.
            length = RedPayload.StripToPrimary(scratch[..length], copy.HeaderLength, copy.PayloadLength, out var primary);
            if (length < 0 || primary != Source.PayloadType)
            {
                _munger.Discard(packet.SequenceNumber);
                return;
            }
        }

        var munged = _munger.Process(packet.SequenceNumber, packet.Timestamp, packet.PayloadLength == 0);
        if (!munged.Forward)
        {
            return;
        }

        copy.SetSsrc(Ssrc);
        copy.SetPayloadType(payloadType);
        copy.SetSequenceNumber(munged.SequenceNumber);
        copy.SetTimestamp(munged.Timestamp);
        if (copy.HasExtension && !_extensions.IsIdentity)
        {
            _extensions.Rewrite(copy.ExtensionProfile, copy.ExtensionData);
        }

        History?.Store(munged.SequenceNumber, scratch[..length]);
        if (Subscriber.Session.SendRtp(scratch, length))
        {
            Interlocked.Increment(ref _packetsSent);
            Interlocked.Add(ref _payloadBytesSent, packet.PayloadLength);
            Volatile.Write(ref _lastRtpTimestamp, munged.Timestamp);
            Interlocked.Exchange(ref _lastSendTimestamp, _clock.GetTimestamp());
        }
    }

    /// <summary>
    /// The RTP timestamp that corresponds to "now", extrapolated from the last packet sent, for Sender Reports
    /// (RFC 3550 §6.4.1: the SR's RTP timestamp matches its NTP time, not necessarily a sent packet).
    /// </summary>
    public bool TryGetCurrentRtpTimestamp(out uint rtpTimestamp)
    {
        rtpTimestamp = 0;
        var lastSend = Interlocked.Read(ref _lastSendTimestamp);
        if (lastSend == 0)
        {
            return false;
        }

        var elapsed = _clock.GetElapsedTime(lastSend);
        rtpTimestamp = unchecked(Volatile.Read(ref _lastRtpTimestamp) + (uint)(elapsed.TotalSeconds * Source.ClockRate));
        return true;
    }

    public void Dispose() => History?.Dispose();

    // Throttled per layer by the producer, so asking on every packet while waiting costs a timestamp compare.
    private void RequestKeyframes()
    {
        var (lowest, highest) = _selector!.KeyframeLayers;
        for (var layer = lowest; layer <= highest; layer++)
        {
            Source.RequestKeyframe(layer);
        }
    }

    // The selector decides per packet: forward, switch layers (on a keyframe of the target), or drop.
    private bool Decide(RtpPacket packet, int layer, bool hasDescriptor, in Vp8PayloadDescriptor descriptor)
    {
        var posted = Volatile.Read(ref _postedTarget);
        if (posted != _appliedTarget)
        {
            _appliedTarget = posted;
            var target = Unpack(posted);
            var capped = target.IsNone ? target : new VideoLayer(Math.Min(target.Spatial, Source.LayerCount - 1), target.Temporal);
            if (_selector!.SetTarget(capped))
            {
                RequestKeyframes();
            }
        }

        var isKeyframe = hasDescriptor && descriptor.IsKeyframeStart(packet.Payload);
        var temporal = hasDescriptor && descriptor.HasTid ? descriptor.TemporalLayerId : 0;
        var decision = _selector!.OnPacket(layer, isKeyframe, temporal, hasDescriptor && descriptor.LayerSync);
        if (decision.RequestKeyframe)
        {
            RequestKeyframes();
        }

        switch (decision.Action)
        {
            case LayerPacketAction.Switch:
                _munger.PrepareSwitch(packet.SequenceNumber, packet.Timestamp);
                _vp8!.PrepareSwitch();
                Volatile.Write(ref _currentLayer, Pack(_selector.Current));
                return true;
            case LayerPacketAction.Forward:
                return true;
            case LayerPacketAction.DropTemporal:
                // Same source, so the munger must close the hole this packet leaves.
                _munger.Discard(packet.SequenceNumber);
                if (hasDescriptor)
                {
                    _vp8!.DiscardFrame(descriptor);
                }

                return false;
            default:
                return false;
        }
    }

    private static int Pack(VideoLayer layer) => layer.IsNone ? -1 : (layer.Spatial << 8) | layer.Temporal;

    private static VideoLayer Unpack(int packed) => packed < 0 ? VideoLayer.None : new VideoLayer(packed >> 8, packed & 0xFF);
}
