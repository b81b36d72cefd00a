using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Messenger.MediaServer.Dtls;
using Messenger.MediaServer.Ice;
using Messenger.MediaServer.Rtcp;
using Messenger.MediaServer.Rtp;
using Messenger.MediaServer.Srtp;
using Messenger.MediaServer.Stun;
using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Client;

/// <summary>What a client peer hands up: decrypted media from the server. Called on the peer's receive loop.</summary>
public interface IClientPeerListener
{
    void OnRtp(RtpPacket packet);

    void OnRtcp(ReadOnlySpan<byte> compound);
}

/// <summary>
/// The client side of one WebRTC transport against an ICE-lite server: ICE controlling with USE-CANDIDATE, DTLS
/// client (a=setup:active), SRTP. It is what the load generator and the tests use to be a peer without a browser,
/// and what cascading between media nodes will use.
/// </summary>
public sealed class ClientPeer : IDatagramSender, IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly ClientIceResponder _responder;
    private readonly IClientPeerListener? _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _iceConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _sendGate = new();
    private SocketAddress _server = null!;
    private IceClientChecker _checker = null!;
    private DtlsEndpoint _dtls = null!;
    private Task? _consentLoop;
    private StunTransactionId _pendingCheck;
    private SrtpContext? _inbound;
    private SrtpContext? _outbound;
    private Task? _receiveLoop;
    private long _authFailures;

    public ClientPeer(
        IPEndPoint server, string serverUfrag, string serverPassword, string serverFingerprint,
        IClientPeerListener? listener = null, IPAddress? bindAddress = null)
        : this(listener, bindAddress ?? IPAddress.Loopback)
    {
        SetRemote(server, serverUfrag, serverPassword, serverFingerprint);
    }

    /// <summary>
    /// A peer that knows only itself yet: its socket, ICE credentials and certificate are ready for an offer
    /// (WHIP, Janus), and <see cref="SetRemote"/> takes the answer's before <see cref="ConnectAsync"/>.
    /// </summary>
    public ClientPeer(IClientPeerListener? listener, IPAddress bindAddress)
    {
        _listener = listener;
        _socket = new Socket(bindAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(bindAddress, 0));
        Credentials = IceCredentials.Generate();
        _responder = new ClientIceResponder(Credentials.Ufrag, Credentials.Password);
        Certificate = DtlsCertificate.Generate("messenger-client");
    }

    /// <summary>
    /// The server's candidate, ICE credentials and DTLS fingerprint. <paramref name="tieBreaker"/> is our
    /// ICE-CONTROLLING value (RFC 8445 §7.1.1); against a full agent that also thinks it controls (it offered),
    /// <see cref="ulong.MaxValue"/> makes it yield the role (§7.3.1.1).
    /// </summary>
    public void SetRemote(IPEndPoint server, string serverUfrag, string serverPassword, string serverFingerprint, ulong? tieBreaker = null)
    {
        _server = server.Serialize();
        _checker = new IceClientChecker(Credentials.Ufrag, serverUfrag, serverPassword, tieBreaker ?? (ulong)Random.Shared.NextInt64());
        _dtls = new DtlsEndpoint(DtlsRole.Client, Certificate, serverFingerprint, this);
    }

    public IceCredentials Credentials { get; }

    public DtlsCertificate Certificate { get; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>SRTP/SRTCP packets from the server that failed authentication or replay checks.</summary>
    public long AuthFailures => Interlocked.Read(ref _authFailures);

    public bool IsConnected => Volatile.Read(ref _outbound) is not null;

    /// <summary>Runs ICE (bounded retries), then the DTLS handshake; completes when SRTP is ready.</summary>
    public async Task ConnectAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        _receiveLoop = Task.Run(() => ReceiveLoopAsync(_stop.Token), CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        for (var attempt = 0; attempt < 50 && !_iceConnected.Task.IsCompleted; attempt++)
        {
            SendCheck();
            await Task.WhenAny(_iceConnected.Task, Task.Delay(100, deadline.Token)).ConfigureAwait(false);
        }

        await _iceConnected.Task.WaitAsync(deadline.Token).ConfigureAwait(false);
        var result = await _dtls.StartHandshake().WaitAsync(deadline.Token).ConfigureAwait(false);
        if (!result.Success || !SrtpProfileExtensions.TryFromDtlsProfileId(result.SrtpProfile, out var profile))
        {
            throw new InvalidOperationException($"DTLS failed: {result.Failure} {result.Error}");
        }

        var keys = SrtpKeyingMaterial.Split(profile, result.KeyingMaterial, SrtpRole.Client);
        Volatile.Write(ref _inbound, new SrtpContext(keys.Remote));
        lock (_sendGate)
        {
            _outbound = new SrtpContext(keys.Local);
        }

        _consentLoop = Task.Run(() => RefreshConsentAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>
    /// RFC 7675 §5.1: a server withdraws consent after 30 s without a successful check, so a connected client
    /// keeps checking (every 5 s, the RFC's suggested interval) for as long as it lives.
    /// </summary>
    private async Task RefreshConsentAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                SendCheck();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Disposed.
        }
    }

    /// <summary>Encrypts and sends RTP; <paramref name="buffer"/> needs 20 spare bytes after the packet.</summary>
    public bool SendRtp(Span<byte> buffer, int length)
    {
        lock (_sendGate)
        {
            return TryProtectRtp(buffer, length, out var protectedLength)
                && _socket.SendTo(buffer[..protectedLength], SocketFlags.None, _server) == protectedLength;
        }
    }

    /// <summary>Encrypts RTP in place without sending it (tests use it to forge and replay packets).</summary>
    public bool TryProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        lock (_sendGate)
        {
            protectedLength = 0;
            return _outbound is not null && _outbound.ProtectRtp(buffer, length, out protectedLength) == SrtpResult.Ok;
        }
    }

    public bool SendRtcp(Span<byte> buffer, int length)
    {
        lock (_sendGate)
        {
            return _outbound is not null
                && _outbound.ProtectRtcp(buffer, length, out var protectedLength) == SrtpResult.Ok
                && _socket.SendTo(buffer[..protectedLength], SocketFlags.None, _server) == protectedLength;
        }
    }

    /// <summary>Sends bytes exactly as given (tests use it for forged and replayed packets).</summary>
    public void SendRaw(ReadOnlySpan<byte> datagram) => _socket.SendTo(datagram, SocketFlags.None, _server);

    void IDatagramSender.Send(ReadOnlySpan<byte> datagram) => SendRaw(datagram);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _dtls?.Dispose();
        _socket.Dispose();
        if (_receiveLoop is not null)
        {
            await _receiveLoop.ConfigureAwait(false);
        }

        if (_consentLoop is not null)
        {
            await _consentLoop.ConfigureAwait(false);
        }

        _stop.Dispose();
        lock (_sendGate)
        {
            _outbound?.Dispose();
        }

        _inbound?.Dispose();
    }

    private void SendCheck()
    {
        Span<byte> request = stackalloc byte[256];
        _pendingCheck = StunTransactionId.NewRandom();
        if (_checker.TryWriteBindingRequest(request, _pendingCheck, priority: 0x6E0001FF, useCandidate: true, out var length))
        {
            SendRaw(request[..length]);
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = GC.AllocateArray<byte>(2048, pinned: true);
        var from = new SocketAddress(_socket.AddressFamily);
        while (!cancellationToken.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer.AsMemory(), SocketFlags.None, from, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Handle(buffer.AsSpan(0, received), from);
        }
    }

    private void Handle(Span<byte> datagram, SocketAddress from)
    {
        switch (PacketClassifier.Classify(datagram))
        {
            case PacketKind.Stun:
                if (StunMessage.TryParse(datagram, out var message) == StunParseResult.Ok && message.IsBindingRequest)
                {
                    AnswerCheck(message, from);
                }
                else if (_checker.ValidateResponse(datagram, _pendingCheck, out _, out _) == IceResponseResult.Success)
                {
                    _iceConnected.TrySetResult();
                }

                break;
            case PacketKind.Dtls:
                _dtls.Enqueue(datagram);
                break;
            case PacketKind.RtpOrRtcp:
                ReceiveMedia(datagram);
                break;
        }
    }

    private void AnswerCheck(in StunMessage request, SocketAddress from)
    {
        Span<byte> response = stackalloc byte[128];
        if (TransportAddress.TryFromSocketAddress(from, out var address) && _responder.Answer(request, address, response) is > 0 and var length)
        {
            _socket.SendTo(response[..length], SocketFlags.None, from);
        }
    }

    private void ReceiveMedia(Span<byte> datagram)
    {
        var inbound = Volatile.Read(ref _inbound);
        if (inbound is null)
        {
            return;
        }

        if (RtpRtcpDemux.IsRtcp(datagram))
        {
            if (inbound.UnprotectRtcp(datagram, out var rtcpLength) != SrtpResult.Ok)
            {
                Interlocked.Increment(ref _authFailures);
                return;
            }

            _listener?.OnRtcp(datagram[..rtcpLength]);
            return;
        }

        if (inbound.UnprotectRtp(datagram, out var length) != SrtpResult.Ok)
        {
            Interlocked.Increment(ref _authFailures);
            return;
        }

        if (RtpPacket.TryParse(datagram[..length], out var packet) == RtpParseResult.Ok)
        {
            _listener?.OnRtp(packet);
        }
    }
}
