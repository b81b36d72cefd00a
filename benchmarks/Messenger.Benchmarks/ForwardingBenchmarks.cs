using BenchmarkDotNet.Attributes;
using Messenger.MediaServer.Forwarding;
using Messenger.MediaServer.Interceptors;
using Messenger.MediaServer.Rtp;
using Messenger.MediaServer.Rtp.Vp8;

namespace Messenger.Benchmarks;

/// <summary>
/// Per-packet cost of the forwarding decisions for one consumer: seq/ts munging, VP8 descriptor rewrite, and
/// storing the sent packet for NACKs plus one lookup. Every benchmark must report 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class ForwardingBenchmarks : IDisposable
{
    private readonly RtpMunger _munger = new(90_000, TimeProvider.System);
    private readonly Vp8Munger _vp8Munger = new();
    private readonly byte[] _lookup = new byte[PacketHistory.DefaultMaxPacketSize];
    private PacketHistory _history = null!;
    private byte[] _packet = [];
    private ushort _sequenceNumber;
    private uint _timestamp;
    private ushort _pictureId;

    [GlobalSetup]
    public void Setup()
    {
        _history = new PacketHistory();

        // A 1200-byte VP8 packet: X, S; I (15-bit), L, T, K; then a keyframe payload byte.
        var rtp = new byte[1200];
        var payload = new byte[1200 - RtpPacket.FixedHeaderLength];
        payload[0] = 0x90;
        payload[1] = 0xF0;
        payload[2] = 0x80;
        payload[3] = 0x01;
        payload[4] = 7;
        payload[5] = 0x20;
        payload[6] = 0x9C;
        var writer = new RtpWriter(rtp, 96, 0, 0, 0x1234_5678);
        writer.TryComplete(payload, out var length);
        _packet = rtp.AsSpan(0, length).ToArray();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _history.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public ushort MungeSequenceAndTimestamp()
    {
        _sequenceNumber++;
        _timestamp += 3000;
        var result = _munger.Process(_sequenceNumber, _timestamp);
        return result.SequenceNumber;
    }

    [Benchmark]
    public int RewriteVp8Descriptor()
    {
        var payload = _packet.AsSpan(RtpPacket.FixedHeaderLength);
        if (!Vp8PayloadDescriptor.TryParse(payload, out var descriptor))
        {
            return -1;
        }

        descriptor.TryWritePictureId(payload, ++_pictureId); // a new frame from the publisher
        if (!Vp8PayloadDescriptor.TryParse(payload, out descriptor))
        {
            return -1;
        }

        return _vp8Munger.Process(descriptor, payload) ? descriptor.Length : -1;
    }

    [Benchmark]
    public int StoreAndLookUpForNack()
    {
        var sequenceNumber = ++_sequenceNumber;
        _history.Store(sequenceNumber, _packet);
        return _history.TryGet((ushort)(sequenceNumber - 100), _lookup, out var length) ? length : 0;
    }
}
