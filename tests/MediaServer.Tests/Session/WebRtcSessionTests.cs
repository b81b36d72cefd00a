using System.Collections.Concurrent;
using System.Net;
using Messenger.MediaServer.Client;
using Messenger.MediaServer.Dtls;
using Messenger.MediaServer.Ice;
using Messenger.MediaServer.Rtp;
using Messenger.MediaServer.Sdp;
using Messenger.MediaServer.Session;
using Messenger.MediaServer.Stun;
using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Tests.Session;

/// <summary>
/// A server session on a real loopback UDP port against our own client peer: ICE, DTLS and SRTP both ways, and
/// the session-level drops (RTP before the handshake, forged and replayed SRTP) that never reach the listener.
/// </summary>
public sealed class WebRtcSessionTests : IAsyncLifetime
{
    private readonly UdpTransport _transport = new(
        new UdpTransportOptions { BindAddress = IPAddress.Loopback, Port = 0, AnnouncedAddresses = [IPAddress.Loopback] },
        new TransportRouter());
    private readonly RecordingListener _listener = new();
    private readonly DtlsCertificate _serverCertificate = DtlsCertificate.Generate();
    private IceLiteAgent _agent = null!;
    private WebRtcSession _session = null!;
    private ClientPeer _client = null!;

    public Task InitializeAsync()
    {
        _transport.Start();
        _agent = new IceLiteAgent(TimeProvider.System);
        var serverEndpoint = new IPEndPoint(IPAddress.Loopback, _transport.LocalEndPoint.Port);
        _client = new ClientPeer(serverEndpoint, _agent.LocalUfrag, _agent.LocalPassword, _serverCertificate.Fingerprint);
        Assert.True(SdpFingerprint.TryParse(_client.Certificate.Fingerprint, out var clientFingerprint, out _));
        var negotiated = new NegotiatedSession
        {
            RemoteIceUfrag = _client.Credentials.Ufrag,
            RemoteIcePwd = _client.Credentials.Password,
            RemoteFingerprint = clientFingerprint!,
            RemoteSetup = SdpSetupRole.Active,
            LocalSetup = SdpSetupRole.Passive,
        };
        _session = new WebRtcSession("s1", negotiated, _agent, _serverCertificate, _transport, _listener);
        _session.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _session.Close(SessionCloseReason.ServerShutdown);
        await _client.DisposeAsync();
        await _transport.DisposeAsync();
    }

    [Fact]
    public async Task Rtp_before_the_handshake_is_dropped_and_counted()
    {
        SendCheck();
        await WaitUntilAsync(() => _transport.Router.BoundAddressCount > 0);
        _client.SendRaw([0x80, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 9, 1, 2, 3]);
        await WaitUntilAsync(() => _transport.Drops.Get(DropReason.RtpBeforeHandshake) >= 1);
        Assert.Empty(_listener.Sequences);
    }

    [Fact]
    public async Task Media_flows_both_ways_and_forged_or_replayed_srtp_is_dropped_and_counted()
    {
        await _client.ConnectAsync(TimeSpan.FromSeconds(15));
        await WaitUntilAsync(() => _session.IsConnected);

        var first = new byte[256];
        Assert.True(_client.TryProtectRtp(first, WritePacket(first, sequence: 100), out var firstLength));
        _client.SendRaw(first.AsSpan(0, firstLength));
        await WaitUntilAsync(() => _listener.Sequences.ContainsKey(100));

        // The same protected bytes again: a replay (RFC 3711 §3.3.2).
        _client.SendRaw(first.AsSpan(0, firstLength));
        await WaitUntilAsync(() => _transport.Drops.Get(DropReason.SrtpReplay) >= 1);

        // A fresh packet whose tag was tampered with: fails authentication and changes no state.
        var forged = new byte[256];
        Assert.True(_client.TryProtectRtp(forged, WritePacket(forged, sequence: 101), out var forgedLength));
        forged[forgedLength - 1] ^= 0xFF;
        _client.SendRaw(forged.AsSpan(0, forgedLength));
        await WaitUntilAsync(() => _transport.Drops.Get(DropReason.SrtpAuthFailed) >= 1);

        // The session keeps working both ways.
        var next = new byte[256];
        Assert.True(_client.SendRtp(next, WritePacket(next, sequence: 102)));
        await WaitUntilAsync(() => _listener.Sequences.ContainsKey(102));
        Assert.Equal([100, 102], _listener.Sequences.Keys.Order().Select(k => (int)k));

        var outbound = new byte[256];
        Assert.True(_session.SendRtp(outbound, WritePacket(outbound, sequence: 7)));
        Assert.Equal(1, _session.Stats.PacketsOut);
        Assert.Equal(2, _session.Stats.PacketsIn);
    }

    [Fact]
    public void Close_unregisters_the_session_and_tells_the_listener_once()
    {
        _session.Close(SessionCloseReason.ClientRequest);
        _session.Close(SessionCloseReason.ClientRequest);
        Assert.Equal([SessionCloseReason.ClientRequest], _listener.Closed);
        Assert.True(_session.IsClosed);
        Assert.False(_transport.Router.TryGetByUsername(System.Text.Encoding.ASCII.GetBytes(_agent.LocalUfrag + ":x"), out _));
    }

    private void SendCheck()
    {
        var checker = new IceClientChecker(_client.Credentials.Ufrag, _agent.LocalUfrag, _agent.LocalPassword, 1);
        var request = new byte[256];
        Assert.True(checker.TryWriteBindingRequest(request, StunTransactionId.NewRandom(), 1, useCandidate: true, out var length));
        _client.SendRaw(request.AsSpan(0, length));
    }

    private static int WritePacket(byte[] buffer, ushort sequence)
    {
        var payload = new byte[40];
        Array.Fill(payload, (byte)sequence);
        var writer = new RtpWriter(buffer, 96, sequence, 90_000u * sequence, 0xCAFE);
        Assert.True(writer.TryComplete(payload, out var length));
        return length;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }

    private sealed class RecordingListener : IWebRtcSessionListener
    {
        public ConcurrentDictionary<ushort, bool> Sequences { get; } = new();

        public List<SessionCloseReason> Closed { get; } = [];

        public void OnSessionConnected(WebRtcSession session)
        {
        }

        public void OnRtp(WebRtcSession session, RtpPacket packet) => Sequences[packet.SequenceNumber] = true;

        public void OnRtcp(WebRtcSession session, ReadOnlySpan<byte> compound)
        {
        }

        public void OnSessionClosed(WebRtcSession session, SessionCloseReason reason) => Closed.Add(reason);
    }
}
