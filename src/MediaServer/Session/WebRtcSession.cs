using Messenger.MediaServer.Bandwidth;
using Messenger.MediaServer.Dtls;
using Messenger.MediaServer.Interceptors;
using Messenger.MediaServer.Ice;
using Messenger.MediaServer.Rtcp;
using Messenger.MediaServer.Rtp;
using Messenger.MediaServer.Sdp;
using Messenger.MediaServer.Srtp;
using Messenger.MediaServer.Stun;
using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Session;

/// <summary>
/// One peer connection on the shared UDP port: ICE-lite answers the peer's checks, DTLS on the nominated path
/// derives the SRTP keys (RFC 5764), then media flows. The session only decrypts, parses and hands packets up to its
/// listener; what to do with them (routing, feedback) belongs to the room. It encrypts and sends what the room gives it.
/// </summary>
public sealed class WebRtcSession : ITransportSession, IDatagramSender, IDisposable
{
    /// <summary>Largest SRTP/SRTCP overhead of the supported profiles (GCM tag, or tag plus SRTCP index).</summary>
    public const int MaxSrtpOverhead = 20;

    private readonly IceLiteAgent _agent;
    private readonly UdpTransport _transport;
    private readonly IWebRtcSessionListener _listener;
    private readonly DtlsCertificate _certificate;
    private readonly DtlsOptions? _dtlsOptions;
    private DtlsEndpoint? _dtls;
    private readonly object _sendGate = new();
    private SrtpContext? _inbound;
    private SrtpContext? _outbound;
    private TransportAddress _remote;
    private bool _hasRemote;
    private int _dtlsStarted;
    private int _closed;

    public WebRtcSession(
        string id,
        NegotiatedSession negotiated,
        IceLiteAgent agent,
        DtlsCertificate certificate,
        UdpTransport transport,
        IWebRtcSessionListener listener,
        DtlsOptions? dtlsOptions = null)
        : this(id, agent, certificate, transport, listener, dtlsOptions)
    {
        ApplyRemoteTransport(negotiated);
    }

    /// <summary>
    /// A session whose remote transport parameters are not known yet: the server offers first (room signalling),
    /// and the peer's ICE credentials, fingerprint and DTLS role arrive with its answer.
    /// </summary>
    public WebRtcSession(
        string id,
        IceLiteAgent agent,
        DtlsCertificate certificate,
        UdpTransport transport,
        IWebRtcSessionListener listener,
        DtlsOptions? dtlsOptions = null)
    {
        Id = id;
        _agent = agent;
        _certificate = certificate;
        _dtlsOptions = dtlsOptions;
        _transport = transport;
        _listener = listener;
        Congestion = new TransportCongestionControl(transport.Clock);
    }

    /// <summary>
    /// Takes the peer's ICE credentials, certificate fingerprint and DTLS role from the first completed offer/answer.
    /// Later negotiations keep the DTLS association (RFC 8842 §5.5), so only the first call creates it.
    /// </summary>
    public void ApplyRemoteTransport(NegotiatedSession negotiated)
    {
        lock (_sendGate)
        {
            Negotiated = negotiated;
            // BUNDLE: one transport, so the transport-wide sequence extension has one id for every section.
            var twccId = negotiated.Media.Select(m => m.ExtensionId(RtpExtensionUris.TransportWideCc)).FirstOrDefault(id => id is > 0 and < 15);
            if (twccId is { } id)
            {
                Congestion.SetExtensionId(id);
            }

            if (_dtls is not null)
            {
                return;
            }

            _agent.SetRemoteCredentials(negotiated.RemoteIceUfrag, negotiated.RemoteIcePwd);
            var role = negotiated.IsDtlsClient ? DtlsRole.Client : DtlsRole.Server;
            _dtls = new DtlsEndpoint(role, _certificate, negotiated.RemoteFingerprint.ToString(), this, _dtlsOptions);
        }
    }

    public string Id { get; }

    /// <summary>The latest completed negotiation; null until the first one.</summary>
    public NegotiatedSession? Negotiated { get; private set; }

    public string? RemoteIceUfrag => Negotiated?.RemoteIceUfrag;

    public SessionStats Stats { get; } = new();

    public string LocalUfrag => _agent.LocalUfrag;

    public string LocalPassword => _agent.LocalPassword;

    /// <summary>True once SRTP keys are in place.</summary>
    public bool IsConnected => Volatile.Read(ref _outbound) is not null;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>The owner's handle on this session (e.g. the room participant), set once by whoever creates it.</summary>
    public object? Owner { get; set; }

    public bool IsConsentExpired => _agent.IsConsentExpired();

    /// <summary>Makes the session reachable: checks naming our ufrag are routed here from now on.</summary>
    public void Start() => _transport.Router.RegisterUfrag(_agent.LocalUfrag, this);

    /// <summary>ICE restart (RFC 8445 §9): new credentials on both sides; the DTLS association and keys stay.</summary>
    public bool RestartIce(string remoteUfrag, string remotePassword)
    {
        var oldUfrag = _agent.LocalUfrag;
        if (!_agent.Restart(remoteUfrag, remotePassword))
        {
            return false;
        }

        _transport.Router.UnregisterUfrag(oldUfrag);
        _transport.Router.RegisterUfrag(_agent.LocalUfrag, this);
        return true;
    }

    public IceCheckResult OnBindingRequest(
        in StunMessage request, TransportAddress remote, Span<byte> response, out int responseLength)
    {
        var result = _agent.HandleBindingRequest(request, remote, response, out responseLength);
        if (result == IceCheckResult.Nominated || (result == IceCheckResult.Accepted && !HasRemote()))
        {
            // ICE-lite: the controlling peer picks the path; we send wherever it nominated (RFC 8445 §7.3.1.5).
            SetRemote(remote);
            if (Negotiated?.IsDtlsClient == true)
            {
                if (_dtls is { } dtls)
                {
                    StartDtls(dtls);
                }
            }
        }

        return result;
    }

    public void OnDtls(ReadOnlySpan<byte> datagram, TransportAddress remote)
    {
        if (!HasRemote())
        {
            SetRemote(remote);
        }

        var dtls = _dtls;
        if (dtls is null)
        {
            _transport.Drops.Increment(DropReason.DtlsUnknownAddress);
            return;
        }

        dtls.Enqueue(datagram);
        StartDtls(dtls);
    }

    public void OnRtpOrRtcp(Span<byte> datagram, TransportAddress remote)
    {
        var inbound = _inbound;
        if (inbound is null)
        {
            _transport.Drops.Increment(DropReason.RtpBeforeHandshake);
            return;
        }

        if (RtpRtcpDemux.IsRtcp(datagram))
        {
            ReceiveRtcp(inbound, datagram);
            return;
        }

        var result = inbound.UnprotectRtp(datagram, out var plainLength);
        if (result != SrtpResult.Ok)
        {
            _transport.Drops.Increment(ToDropReason(result));
            return;
        }

        if (RtpPacket.TryParse(datagram[..plainLength], out var packet) != RtpParseResult.Ok)
        {
            _transport.Drops.Increment(DropReason.RtpMalformed);
            return;
        }

        Stats.CountIn(plainLength);
        Congestion.OnPacketReceived(packet);
        _listener.OnRtp(this, packet);
    }

    /// <summary>
    /// Encrypts the RTP packet in <paramref name="buffer"/> in place and sends it. The buffer must have
    /// <see cref="MaxSrtpOverhead"/> spare bytes after <paramref name="length"/> for the tag.
    /// </summary>
    public bool SendRtp(Span<byte> buffer, int length)
    {
        lock (_sendGate)
        {
            if (_outbound is null || !_hasRemote)
            {
                return false;
            }

            Congestion.OnPacketSending(buffer[..length]);
            if (_outbound.ProtectRtp(buffer, length, out var protectedLength) != SrtpResult.Ok)
            {
                return false;
            }

            Stats.CountOut(length);
            return _transport.SendTo(buffer[..protectedLength], _remote);
        }
    }

    /// <summary>Encrypts and sends one RTCP (compound) packet; same buffer rule as <see cref="SendRtp"/>.</summary>
    public bool SendRtcp(Span<byte> buffer, int length)
    {
        lock (_sendGate)
        {
            if (_outbound is null || !_hasRemote || _outbound.ProtectRtcp(buffer, length, out var protectedLength) != SrtpResult.Ok)
            {
                return false;
            }

            Stats.CountRtcpOut();
            return _transport.SendTo(buffer[..protectedLength], _remote);
        }
    }

    /// <summary>Transport-wide congestion control with the peer: feedback both ways and the send estimate.</summary>
    public TransportCongestionControl Congestion { get; }

    /// <summary>
    /// Sends transport-cc feedback for what the peer sent us, so its own send-side estimator can ramp up. Called on
    /// the feedback tick.
    /// </summary>
    public void SendTransportFeedback(uint senderSsrc, uint mediaSsrc)
    {
        if (!IsConnected)
        {
            return;
        }

        Span<byte> packet = stackalloc byte[1200];
        for (var i = 0; i < 8 && Congestion.TryBuildFeedback(packet[..(1200 - MaxSrtpOverhead)], senderSsrc, mediaSsrc, out var written); i++)
        {
            SendRtcp(packet, written);
        }
    }

    /// <summary>DTLS records go out on the selected path (IDatagramSender; called from the DTLS threads).</summary>
    void IDatagramSender.Send(ReadOnlySpan<byte> datagram)
    {
        TransportAddress remote;
        lock (_sendGate)
        {
            if (!_hasRemote)
            {
                return;
            }

            remote = _remote;
        }

        _transport.SendTo(datagram, remote);
    }

    public void Close(SessionCloseReason reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _transport.Router.RemoveSession(this);
        _dtls?.Dispose();
        lock (_sendGate)
        {
            _outbound?.Dispose();
            _outbound = null;
        }

        // The inbound context is left to the GC: the receive loop may still be inside OnRtpOrRtcp for this session.
        _listener.OnSessionClosed(this, reason);
    }

    public void Dispose() => Close(SessionCloseReason.ServerShutdown);

    private void ReceiveRtcp(SrtpContext inbound, Span<byte> datagram)
    {
        var result = inbound.UnprotectRtcp(datagram, out var plainLength);
        if (result != SrtpResult.Ok)
        {
            _transport.Drops.Increment(ToDropReason(result));
            return;
        }

        var compound = datagram[..plainLength];
        if (RtcpCompoundReader.Validate(compound) != RtcpParseResult.Ok)
        {
            _transport.Drops.Increment(DropReason.RtcpMalformed);
            return;
        }

        Stats.CountRtcpIn();
        _listener.OnRtcp(this, compound);
    }

    private void StartDtls(DtlsEndpoint dtls)
    {
        if (Interlocked.Exchange(ref _dtlsStarted, 1) == 0)
        {
            _ = dtls.StartHandshake().ContinueWith(
                static (task, state) => ((WebRtcSession)state!).OnHandshakeDone(task.Result),
                this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            _ = dtls.Closed.ContinueWith(
                static (_, state) => ((WebRtcSession)state!).Close(SessionCloseReason.DtlsClosed),
                this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void OnHandshakeDone(DtlsHandshakeResult result)
    {
        if (!result.Success || !SrtpProfileExtensions.TryFromDtlsProfileId(result.SrtpProfile, out var profile))
        {
            Close(SessionCloseReason.DtlsFailed);
            return;
        }

        var role = result.Role == DtlsRole.Client ? SrtpRole.Client : SrtpRole.Server;
        var keys = SrtpKeyingMaterial.Split(profile, result.KeyingMaterial, role);
        lock (_sendGate)
        {
            if (IsClosed)
            {
                return;
            }

            _outbound = new SrtpContext(keys.Local);
        }

        // Published last: the receive loop treats a non-null inbound context as "connected".
        Volatile.Write(ref _inbound, new SrtpContext(keys.Remote));
        _listener.OnSessionConnected(this);
    }

    /// <summary>
    /// Puts SRTP keys and a peer address in place without ICE or DTLS, for benchmarks that measure the media path
    /// alone (benchmarks/ForwardPathBenchmarks).
    /// </summary>
    internal void InstallKeys(SrtpMasterKeyPair keys, TransportAddress remote)
    {
        SetRemote(remote);
        lock (_sendGate)
        {
            _outbound = new SrtpContext(keys.Local);
        }

        Volatile.Write(ref _inbound, new SrtpContext(keys.Remote));
    }

    private bool HasRemote()
    {
        lock (_sendGate)
        {
            return _hasRemote;
        }
    }

    private void SetRemote(TransportAddress remote)
    {
        lock (_sendGate)
        {
            _remote = remote;
            _hasRemote = true;
        }
    }

    private static DropReason ToDropReason(SrtpResult result) => result switch
    {
        SrtpResult.AuthFailed => DropReason.SrtpAuthFailed,
        SrtpResult.ReplayedPacket or SrtpResult.ReplayTooOld => DropReason.SrtpReplay,
        _ => DropReason.RtpMalformed,
    };
}
