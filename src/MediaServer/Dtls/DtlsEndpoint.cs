using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Messenger.MediaServer.Dtls;

/// <summary>
/// One DTLS-SRTP association (RFC 5764, RFC 8842) in either role. BouncyCastle's handshake is blocking, so it runs
/// on a dedicated background thread; the result arrives through <see cref="Completion"/>.
/// <para>
/// After the handshake no thread is kept per association: the channel is idle (SRTP does not use it), and each
/// datagram that arrives later is fed to BouncyCastle by a short thread-pool pump. That is enough to answer a peer
/// that retransmits its final flight because our last one was lost (RFC 6347 §4.2.4) and to honour close_notify.
/// DTLS application data (e.g. SCTP for data channels) is not used yet and is counted and dropped.
/// </para>
/// </summary>
public sealed class DtlsEndpoint : IDisposable
{
    private readonly DtlsHandshakeState _state;
    private readonly AbstractTlsPeer _peer;
    private readonly DtlsTransportAdapter _adapter;
    private readonly TaskCompletionSource<DtlsHandshakeResult> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _dtlsGate = new();
    private readonly PumpWorkItem _pump;
    private DtlsTransport? _dtls;
    private byte[] _receiveBuffer = [];
    private int _started;
    private int _disposed;
    private int _pumpScheduled;
    private long _applicationDataDropped;

    /// <param name="role">Server when our SDP says a=setup:passive, client for a=setup:active.</param>
    /// <param name="certificate">Our certificate, whose fingerprint we put in our SDP.</param>
    /// <param name="expectedRemoteFingerprint">The peer's SDP a=fingerprint value, e.g. "sha-256 AB:CD:...".</param>
    /// <param name="sender">Where our DTLS datagrams go (the ICE-selected UDP path).</param>
    public DtlsEndpoint(
        DtlsRole role,
        DtlsCertificate certificate,
        string expectedRemoteFingerprint,
        IDatagramSender sender,
        DtlsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentException.ThrowIfNullOrWhiteSpace(expectedRemoteFingerprint);
        ArgumentNullException.ThrowIfNull(sender);
        options ??= DtlsOptions.Default;
        ValidateProfiles(options.SrtpProfiles);

        _state = new DtlsHandshakeState(role, certificate, expectedRemoteFingerprint, options);
        var crypto = new BcTlsCrypto(new SecureRandom());
        _peer = role == DtlsRole.Server ? new SrtpDtlsServer(crypto, _state) : new SrtpDtlsClient(crypto, _state);
        _adapter = new DtlsTransportAdapter(sender, options.Mtu, options.ReceiveQueueCapacity);
        _pump = new PumpWorkItem(this);
    }

    public DtlsRole Role => _state.Role;

    /// <summary>Completes once with the handshake outcome; never faults.</summary>
    public Task<DtlsHandshakeResult> Completion => _completion.Task;

    /// <summary>Completes when the association ends: close_notify or fatal alert from the peer, or Dispose.</summary>
    public Task Closed => _closed.Task;

    /// <summary>The datagram queue BouncyCastle reads from, exposed for its drop counter.</summary>
    public DtlsTransportAdapter Transport => _adapter;

    /// <summary>Application data records received after the handshake and discarded.</summary>
    public long ApplicationDataDropped => Interlocked.Read(ref _applicationDataDropped);

    /// <summary>Starts the handshake on a background thread (idempotent) and returns <see cref="Completion"/>.</summary>
    public Task<DtlsHandshakeResult> StartHandshake()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            // LongRunning: the handshake blocks its thread for up to HandshakeTimeout; keep it off the pool.
            _ = Task.Factory.StartNew(
                static s => ((DtlsEndpoint)s!).RunHandshake(),
                this,
                CancellationToken.None,
                TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach,
                TaskScheduler.Default);
        }

        return _completion.Task;
    }

    /// <summary>
    /// Hands one received DTLS datagram to the endpoint (copied; the span may be reused on return). Datagrams that
    /// arrive before <see cref="StartHandshake"/> wait in the bounded queue.
    /// </summary>
    public void Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (_adapter.Enqueue(datagram) && Volatile.Read(ref _dtls) is not null)
        {
            SchedulePump();
        }
    }

    /// <summary>Sends close_notify if connected (RFC 5246 §7.2.1), aborts a running handshake and frees the queue.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        lock (_dtlsGate)
        {
            CloseQuietly(_dtls);
        }

        // Interrupts a handshake blocked in Receive: BouncyCastle closes its record layer, which closes the adapter.
        try
        {
            _peer.Cancel();
        }
        catch (IOException)
        {
            // Best effort: the adapter is closed below anyway.
        }

        _adapter.Close();
        _completion.TrySetResult(DtlsHandshakeResult.Failed(Role, DtlsFailure.Closed, "Endpoint closed before the handshake completed"));
        _closed.TrySetResult();
    }

    private void RunHandshake()
    {
        DtlsTransport transport;
        try
        {
            transport = Role == DtlsRole.Server
                ? new DtlsServerProtocol().Accept((TlsServer)_peer, _adapter)
                : new DtlsClientProtocol().Connect((TlsClient)_peer, _adapter);
        }
        catch (Exception e)
        {
            _adapter.Close();
            _completion.TrySetResult(Classify(e));
            _closed.TrySetResult();
            return;
        }

        // The server's last flight (ChangeCipherSpec + Finished) is written without a following wait.
        _adapter.Flush();

        lock (_dtlsGate)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                CloseQuietly(transport);
                return; // Dispose already completed both tasks.
            }

            _receiveBuffer = new byte[transport.GetReceiveLimit()];
            Volatile.Write(ref _dtls, transport);
        }

        _completion.TrySetResult(_state.ToSuccess());

        // Datagrams queued while BouncyCastle was finishing (e.g. a retransmitted final flight) need a pump now.
        if (_adapter.PendingCount > 0)
        {
            SchedulePump();
        }
    }

    private DtlsHandshakeResult Classify(Exception e)
    {
        // Our own callbacks recorded the precise reason (fingerprint, SRTP profile, peer alert) before throwing.
        if (_state.Failure != DtlsFailure.None)
        {
            return DtlsHandshakeResult.Failed(Role, _state.Failure, _state.FailureText);
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            return DtlsHandshakeResult.Failed(Role, DtlsFailure.Closed, "Endpoint closed before the handshake completed");
        }

        return e switch
        {
            TlsTimeoutException => DtlsHandshakeResult.Failed(
                Role, DtlsFailure.Timeout, "DTLS handshake timed out after " + _state.HandshakeTimeoutMillis + " ms"),
            TlsFatalAlertReceived received => DtlsHandshakeResult.Failed(
                Role, DtlsFailure.PeerAlert, "Peer sent fatal alert " + AlertDescription.GetText(received.AlertDescription)),
            _ => DtlsHandshakeResult.Failed(Role, DtlsFailure.ProtocolError, e.Message),
        };
    }

    private void SchedulePump()
    {
        if (Interlocked.Exchange(ref _pumpScheduled, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_pump, preferLocal: false);
        }
    }

    private void RunPump()
    {
        while (true)
        {
            DrainOnce();
            Volatile.Write(ref _pumpScheduled, 0);

            // A datagram enqueued between the drain and the reset would otherwise wait for the next one.
            if (_adapter.PendingCount == 0 || Interlocked.Exchange(ref _pumpScheduled, 1) != 0)
            {
                return;
            }
        }
    }

    private void DrainOnce()
    {
        lock (_dtlsGate)
        {
            DtlsTransport? dtls = _dtls;
            if (dtls is null || _closed.Task.IsCompleted)
            {
                return;
            }

            try
            {
                while (_adapter.PendingCount > 0)
                {
                    // 1 ms: BouncyCastle keeps reading until the wait expires or application data shows up;
                    // handshake retransmissions and alerts are handled inside and return -1.
                    if (dtls.Receive(_receiveBuffer, 0, _receiveBuffer.Length, 1) >= 0)
                    {
                        Interlocked.Increment(ref _applicationDataDropped);
                    }
                }
            }
            catch (Exception)
            {
                // Fatal alert from the peer or a transport failure: the association is over.
                _adapter.Close();
            }

            // A retransmitted final flight is written inside Receive without a wait after it.
            _adapter.Flush();

            // A received close_notify makes BouncyCastle answer it and close our adapter.
            if (_adapter.IsClosed)
            {
                _closed.TrySetResult();
            }
        }
    }

    private static void CloseQuietly(DtlsTransport? transport)
    {
        try
        {
            transport?.Close();
        }
        catch (IOException)
        {
            // The peer may already be gone; nothing to tell it.
        }
    }

    private static void ValidateProfiles(IReadOnlyList<ushort> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        if (profiles.Count == 0)
        {
            throw new ArgumentException("At least one SRTP protection profile is required.", nameof(profiles));
        }

        foreach (ushort profile in profiles)
        {
            if (DtlsSrtpProfile.KeyingMaterialLength(profile) == 0)
            {
                throw new ArgumentException("Unknown SRTP protection profile " + profile, nameof(profiles));
            }
        }
    }

    private sealed class PumpWorkItem(DtlsEndpoint owner) : IThreadPoolWorkItem
    {
        public void Execute() => owner.RunPump();
    }
}
