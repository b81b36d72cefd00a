using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Messenger.MediaServer.Dtls;
using Messenger.MediaServer.Ice;
using Messenger.MediaServer.Routing;
using Messenger.MediaServer.Rtp;
using Messenger.MediaServer.Session;
using Messenger.MediaServer.Srtp;
using Messenger.MediaServer.Transport;

namespace Messenger.Benchmarks;

/// <summary>
/// The whole server path for one forwarded RTP packet (issue #4 item 8): SRTP unprotect once → resolve the producer
/// → for each subscriber: munge, rewrite, SRTP protect, hand to the socket. The publisher-side protect is measured
/// alone in <see cref="PublisherProtectOnly"/> so it can be subtracted.
/// </summary>
[MemoryDiagnoser]
public class ForwardPathBenchmarks : IDisposable
{
    private const int PayloadSize = 1100;
    private readonly byte[] _plain = new byte[1500];
    private readonly byte[] _wire = new byte[1500];
    private UdpTransport _transport = null!;
    private Socket _sink = null!;
    private Room _room = null!;
    private WebRtcSession _publisherSession = null!;
    private SrtpContext _publisherClient = null!;
    private TransportAddress _publisherAddress;
    private int _plainLength;
    private ushort _sequence;

    [Params(1, 10)]
    public int Subscribers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _transport = new UdpTransport(new UdpTransportOptions { BindAddress = IPAddress.Loopback, Port = 0 }, new TransportRouter());
        _transport.Start();
        _sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var sinkAddress = TransportAddress.FromIPEndPoint((IPEndPoint)_sink.LocalEndPoint!);
        var certificate = DtlsCertificate.Generate();
        _room = new Room("bench", _transport.Drops, TimeProvider.System, _ => { });

        var material = new byte[SrtpKeyingMaterial.ExportLength(SrtpProfile.AeadAes128Gcm)];
        Random.Shared.NextBytes(material);
        var server = SrtpKeyingMaterial.Split(SrtpProfile.AeadAes128Gcm, material, SrtpRole.Server);
        var client = SrtpKeyingMaterial.Split(SrtpProfile.AeadAes128Gcm, material, SrtpRole.Client);
        _publisherClient = new SrtpContext(client.Local);

        _publisherAddress = TransportAddress.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 9));
        _publisherSession = NewSession("pub", certificate, server, _publisherAddress);
        var publisher = new Participant("pub", "u", "Publisher", _publisherSession);
        _room.Add(publisher);
        var producer = new Producer("p1", publisher, "audio", "0", 111, 48000, [], TimeProvider.System);
        publisher.AddProducer(producer, [0x1234u], [], new RtpExtensionMap());

        for (var i = 0; i < Subscribers; i++)
        {
            var session = NewSession("sub" + i, certificate, server, sinkAddress);
            var subscriber = new Participant("sub" + i, "u" + i, "Subscriber", session);
            _room.Add(subscriber);
            var consumer = new Consumer(producer, subscriber, "0", (uint)(0x5000 + i), 111,
                new RtpExtensionRewriter([], new Dictionary<string, int>(), new HashSet<string>()), TimeProvider.System);
            _room.Connect(producer, consumer);
        }

        var payload = new byte[PayloadSize];
        Random.Shared.NextBytes(payload);
        var writer = new RtpWriter(_plain, 111, 0, 0, 0x1234);
        writer.TryComplete(payload, out _plainLength);
    }

    [GlobalCleanup]
    public void Cleanup() => Dispose();

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _room?.Close();
            _transport?.Dispose();
            _sink?.Dispose();
            _publisherClient?.Dispose();
        }
    }

    [Benchmark(Baseline = true)]
    public int PublisherProtectOnly() => Protect();

    [Benchmark]
    public int ForwardOnePacket()
    {
        var length = Protect();
        _publisherSession.OnRtpOrRtcp(_wire.AsSpan(0, length), _publisherAddress);
        return length;
    }

    private int Protect()
    {
        _sequence++;
        _plain.AsSpan(0, _plainLength).CopyTo(_wire);
        _wire[2] = (byte)(_sequence >> 8);
        _wire[3] = (byte)_sequence;
        _wire[4] = (byte)(_sequence >> 8); // timestamp moves too
        _publisherClient.ProtectRtp(_wire, _plainLength, out var protectedLength);
        return protectedLength;
    }

    private WebRtcSession NewSession(string id, DtlsCertificate certificate, SrtpMasterKeyPair keys, TransportAddress remote)
    {
        var session = new WebRtcSession(id, new IceLiteAgent(TimeProvider.System), certificate, _transport, _room);
        session.InstallKeys(keys, remote);
        return session;
    }
}
