using Messenger.MediaServer.Rtp;
using Messenger.MediaServer.Session;

namespace Messenger.MediaServer.Routing;

/// <summary>
/// One producer's stream as one subscriber receives it: under the SSRC and payload type the subscriber negotiated,
/// with extension ids remapped, and with sequence numbers and timestamps offset so that the subscriber sees one
/// stream that never jumps (the offsets start random, as RFC 3550 §5.1 recommends).
/// </summary>
public sealed class Consumer
{
    public const int MaxPacketLength = 1500;

    private readonly RtpExtensionRewriter _extensions;
    private readonly TimeProvider _clock;
    private readonly ushort _sequenceOffset;
    private readonly uint _timestampOffset;
    private long _packetsSent;
    private long _payloadBytesSent;
    private long _lastSendTimestamp;
    private uint _lastRtpTimestamp;
    private int _paused;

    public Consumer(
        Producer source, Participant subscriber, string mid, uint ssrc, byte payloadType,
        RtpExtensionRewriter extensions, TimeProvider clock)
    {
        Source = source;
        Subscriber = subscriber;
        Mid = mid;
        Ssrc = ssrc;
        PayloadType = payloadType;
        _extensions = extensions;
        _clock = clock;
        _sequenceOffset = (ushort)Random.Shared.Next(0, ushort.MaxValue + 1);
        _timestampOffset = (uint)Random.Shared.NextInt64(0, uint.MaxValue + 1L);
    }

    public Producer Source { get; }

    public Participant Subscriber { get; }

    /// <summary>The subscriber's m= section this stream is sent in.</summary>
    public string Mid { get; }

    public uint Ssrc { get; }

    public byte PayloadType { get; }

    public bool Paused
    {
        get => Volatile.Read(ref _paused) != 0;
        set => Volatile.Write(ref _paused, value ? 1 : 0);
    }

    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    public long PayloadBytesSent => Interlocked.Read(ref _payloadBytesSent);

    /// <summary>Copies <paramref name="packet"/> into <paramref name="scratch"/>, rewrites it and sends it.</summary>
    public void Send(RtpPacket packet, Span<byte> scratch)
    {
        if (Paused || !Subscriber.Session.IsConnected)
        {
            return;
        }

        var length = packet.Length;
        packet.Buffer.CopyTo(scratch);
        if (RtpPacket.TryParse(scratch[..length], out var copy) != RtpParseResult.Ok)
        {
            return;
        }

        copy.SetSsrc(Ssrc);
        copy.SetPayloadType(PayloadType);
        copy.SetSequenceNumber(unchecked((ushort)(packet.SequenceNumber + _sequenceOffset)));
        var timestamp = unchecked(packet.Timestamp + _timestampOffset);
        copy.SetTimestamp(timestamp);
        if (copy.HasExtension && !_extensions.IsIdentity)
        {
            _extensions.Rewrite(copy.ExtensionProfile, copy.ExtensionData);
        }

        if (Subscriber.Session.SendRtp(scratch, length))
        {
            Interlocked.Increment(ref _packetsSent);
            Interlocked.Add(ref _payloadBytesSent, packet.PayloadLength);
            Volatile.Write(ref _lastRtpTimestamp, timestamp);
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
}
