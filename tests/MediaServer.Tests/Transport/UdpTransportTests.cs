using System.Net;
using System.Net.Sockets;
using Messenger.MediaServer.Ice;
using Messenger.MediaServer.Stun;
using Messenger.MediaServer.Tests.Ice;
using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Tests.Transport;

/// <summary>A real transport on 127.0.0.1 with a real UDP client playing the browser.</summary>
public sealed class UdpTransportTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TransportRouter _router = new();
    private readonly UdpTransport _transport;
    private readonly IceSession _session;
    private readonly UdpClient _client = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly IceTestPeer _peer;

    public UdpTransportTests()
    {
        _transport = new UdpTransport(
            new UdpTransportOptions { BindAddress = IPAddress.Loopback, AnnouncedAddresses = [IPAddress.Parse("203.0.113.5")] },
            _router);
        _session = new IceSession(new IceLiteAgent(TimeProvider.System));
        Assert.True(_session.Agent.SetRemoteCredentials(IceTestPeer.Ufrag, IceTestPeer.Password));
        Assert.True(_router.RegisterUfrag(_session.Agent.LocalUfrag, _session));
        _peer = new IceTestPeer(_session.Agent);
    }

    public Task InitializeAsync()
    {
        _transport.Start();
        _client.Connect(_transport.LocalEndPoint);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _transport.DisposeAsync();
    }

    [Fact]
    public async Task ValidBindingRequest_IsAnsweredAndBindsTheAddress()
    {
        TransportAddress mapped = await CheckAsync(useCandidate: true);

        var clientEndPoint = (IPEndPoint)_client.Client.LocalEndPoint!;
        Assert.Equal(clientEndPoint, mapped.ToIPEndPoint());
        Assert.True(_router.TryGetByAddress(TransportAddress.FromIPEndPoint(clientEndPoint), out ITransportSession bound));
        Assert.Same(_session, bound);
        Assert.True(_session.Agent.TryGetSelectedRemote(out TransportAddress selected));
        Assert.Equal(mapped, selected);
    }

    [Fact]
    public async Task AfterCheck_DtlsAndMediaReachTheSession()
    {
        await CheckAsync(useCandidate: true);

        await _client.SendAsync(new byte[] { 22, 0xfe, 0xfd, 0, 0 });
        await _client.SendAsync(new byte[] { 0x80, 96, 0, 1 });

        using var timeout = new CancellationTokenSource(Patience);
        Assert.Equal(("dtls", (byte)22), await _session.Received.ReadAsync(timeout.Token));
        Assert.Equal(("rtp", (byte)0x80), await _session.Received.ReadAsync(timeout.Token));
    }

    [Fact]
    public async Task Garbage_IsCountedByReasonAndTheLoopKeepsAnswering()
    {
        var stranger = new IceClientChecker(IceTestPeer.Ufrag, "nosuchufrag", "whateverPasswordWhatever", 1);
        var forger = new IceTestPeer(_session.Agent, serverPassword: "guessedPasswordGuessed12");
        byte[] badLength = _peer.Request(StunTransactionId.NewRandom())[..^4];

        await _client.SendAsync(Array.Empty<byte>());
        await _client.SendAsync(new byte[] { 0xff, 1, 2, 3 });
        await _client.SendAsync(new byte[] { 0x05, 1, 2, 3 });
        await _client.SendAsync(badLength);
        await _client.SendAsync(Request(stranger));
        await _client.SendAsync(forger.Request(StunTransactionId.NewRandom()));
        await _client.SendAsync(new byte[] { 22, 0xfe, 0xfd });
        await _client.SendAsync(new byte[] { 0x80, 96, 0, 1 });

        await CheckAsync(useCandidate: false);

        DropCountersSnapshot drops = _transport.Drops.Snapshot();
        Assert.Equal(3, drops[DropReason.UnknownFirstByte]);
        Assert.Equal(1, drops[DropReason.StunMalformed]);
        Assert.Equal(1, drops[DropReason.StunUnknownUsername]);
        Assert.Equal(1, drops[DropReason.StunBadIntegrity]);
        Assert.Equal(1, drops[DropReason.DtlsUnknownAddress]);
        Assert.Equal(1, drops[DropReason.UnknownRemoteAddress]);
        Assert.Equal(8, drops.Total);
        Assert.Equal(9, _transport.DatagramsReceived);
    }

    [Fact]
    public async Task ThrowingHandler_IsCountedAndTheLoopSurvives()
    {
        await CheckAsync(useCandidate: true);
        _session.ThrowOnDtls = true;

        await _client.SendAsync(new byte[] { 22, 0xfe, 0xfd });
        await CheckAsync(useCandidate: false);

        Assert.Equal(1, _transport.Drops.Get(DropReason.HandlerFault));
    }

    [Fact]
    public async Task SendTo_RecordedAddressReachesThePeer()
    {
        TransportAddress peer = await CheckAsync(useCandidate: true);

        Assert.True(_transport.SendTo(new byte[] { 0x80, 1, 2, 3 }, peer));

        using var timeout = new CancellationTokenSource(Patience);
        UdpReceiveResult received = await _client.ReceiveAsync(timeout.Token);
        Assert.Equal(new byte[] { 0x80, 1, 2, 3 }, received.Buffer);
    }

    /// <summary>
    /// Regression: disposing while datagrams stream in once closed the socket between a receive and the receive
    /// loop's "anything more pending?" check, and the ObjectDisposedException escaped the thread and killed the process.
    /// The race is timing-dependent, so the test repeats it a bounded number of times with a flood running.
    /// </summary>
    [Fact]
    public async Task Dispose_WhileDatagramsStreamIn_EndsTheLoopsWithoutThrowing()
    {
        for (var round = 0; round < 25; round++)
        {
            var transport = new UdpTransport(new UdpTransportOptions { BindAddress = IPAddress.Loopback }, new TransportRouter());
            transport.Start();
            using var sender = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            sender.Connect(transport.LocalEndPoint);
            using var flooding = new CancellationTokenSource(Patience);
            byte[] rtpLike = [0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1];
            Task flood = Task.Run(() =>
            {
                try
                {
                    for (var sent = 0; sent < 200_000 && !flooding.IsCancellationRequested; sent++)
                    {
                        sender.Send(rtpLike);
                    }
                }
                catch (SocketException)
                {
                    // The transport closed and the kernel reported the port unreachable: the flood is over.
                }
            });

            SpinWait.SpinUntil(() => transport.DatagramsReceived > 100 + round * 10, Patience);
            Assert.True(transport.DatagramsReceived > 0);
            await transport.DisposeAsync();
            await flooding.CancelAsync();
            await flood;
        }
    }

    [Fact]
    public void AnnouncedEndPoints_UseTheBoundPort()
    {
        IPEndPoint announced = Assert.Single(_transport.AnnouncedEndPoints);

        Assert.Equal(IPAddress.Parse("203.0.113.5"), announced.Address);
        Assert.Equal(_transport.LocalEndPoint.Port, announced.Port);
        Assert.NotEqual(0, announced.Port);
    }

    private static byte[] Request(IceClientChecker checker)
    {
        var buffer = new byte[256];
        Assert.True(checker.TryWriteBindingRequest(buffer, StunTransactionId.NewRandom(), 1, false, out int length));
        return buffer[..length];
    }

    /// <summary>Sends a check and waits for its success response, skipping answers to earlier requests.</summary>
    private async Task<TransportAddress> CheckAsync(bool useCandidate)
    {
        StunTransactionId id = StunTransactionId.NewRandom();
        await _client.SendAsync(_peer.Request(id, useCandidate));
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            UdpReceiveResult received = await _client.ReceiveAsync(timeout.Token);
            IceResponseResult result = _peer.Checker.ValidateResponse(received.Buffer, id, out TransportAddress mapped, out _);
            if (result == IceResponseResult.TransactionMismatch)
            {
                continue;
            }

            Assert.Equal(IceResponseResult.Success, result);
            return mapped;
        }
    }
}
