using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Messenger.MediaServer.Ice;
using Messenger.MediaServer.Stun;
using Messenger.Native;

namespace Messenger.MediaServer.Transport;

/// <summary>
/// The single UDP port all sessions share. A receive thread reads datagrams into a pinned ring
/// (<see cref="ReceiveQueue"/>); a fan-out thread takes them from there, demultiplexes them by first byte
/// (RFC 7983), hands them to the session found by <see cref="TransportRouter"/> and sends what they cause, batched.
/// Nothing on that path allocates or throws for bad input; drops are counted by reason in <see cref="Drops"/>.
/// </summary>
public sealed class UdpTransport : IAsyncDisposable, IDisposable
{
    // A Binding response with IPv6 XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY and FINGERPRINT is 80 bytes.
    private const int ResponseBufferSize = 512;

    [ThreadStatic]
    private static SocketAddress? t_sendAddressV4;

    [ThreadStatic]
    private static SocketAddress? t_sendAddressV6;

    private readonly UdpTransportOptions _options;
    private readonly TransportRouter _router;
    private readonly IEgressImpairment? _egressImpairment;
    private readonly TimeProvider _time;
    private readonly Socket _socket;
    private readonly byte[] _receiveBuffer;
    private readonly byte[] _responseBuffer;
    private readonly CancellationTokenSource _stopping = new();
    private Thread? _receiveThread;
    private Thread? _fanOutThread;
    private ReceiveQueue? _queue;

    // Each thread that handles datagrams queues the sends they cause in its own batch; they leave in one sendmmsg
    // when that thread has nothing more to handle (or per Capacity sends). Null where unsupported, when egress is
    // impaired, or (fan-out) with no fan-out thread.
    private DatagramBatch? _receiveBatch;
    private DatagramBatch? _fanOutBatch;
    private int _receiveThreadId;
    private int _fanOutThreadId;
    private long _datagramsReceived;
    private long _datagramsSent;
    private int _disposed;

    public UdpTransport(UdpTransportOptions options, TransportRouter router, IEgressImpairment? egressImpairment = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(router);
        _options = options;
        _router = router;
        _egressImpairment = egressImpairment;
        _time = timeProvider ?? TimeProvider.System;

        // Allocated once and pinned so the OS can write into it without the GC moving it between receives.
        _receiveBuffer = GC.AllocateUninitializedArray<byte>(options.MaxDatagramSize, pinned: true);
        _responseBuffer = GC.AllocateUninitializedArray<byte>(ResponseBufferSize, pinned: true);

        _socket = new Socket(options.BindAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (options.BindAddress.AddressFamily == AddressFamily.InterNetworkV6 && options.BindAddress.Equals(IPAddress.IPv6Any))
        {
            _socket.DualMode = true;
        }

        if (options.SocketReceiveBufferBytes > 0)
        {
            _socket.ReceiveBufferSize = options.SocketReceiveBufferBytes;
        }

        if (options.SocketSendBufferBytes > 0)
        {
            _socket.SendBufferSize = options.SocketSendBufferBytes;
        }
    }

    public DropCounters Drops { get; } = new();

    /// <summary>The clock this transport and its sessions run on.</summary>
    public TimeProvider Clock => _time;

    public TransportRouter Router => _router;

    public long DatagramsReceived => Interlocked.Read(ref _datagramsReceived);

    public long DatagramsSent => Interlocked.Read(ref _datagramsSent);

    /// <summary>The bound address and port; valid after <see cref="Start"/>.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Addresses with the bound port, for host candidates in SDP.</summary>
    public IReadOnlyList<IPEndPoint> AnnouncedEndPoints
    {
        get
        {
            int port = LocalEndPoint.Port;
            var result = new List<IPEndPoint>();
            foreach (IPAddress address in _options.AnnouncedAddresses)
            {
                result.Add(new IPEndPoint(address, port));
            }

            if (result.Count == 0 && !_options.BindAddress.Equals(IPAddress.Any) && !_options.BindAddress.Equals(IPAddress.IPv6Any))
            {
                result.Add(new IPEndPoint(_options.BindAddress, port));
            }

            return result;
        }
    }

    /// <summary>Binds the socket and starts the receive loop.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_receiveThread is not null)
        {
            throw new InvalidOperationException("The transport is already started.");
        }

        _socket.Bind(new IPEndPoint(_options.BindAddress, _options.Port));

        // A dedicated thread doing blocking receives, not an async loop: an await that finds no datagram ready
        // resumes on a thread-pool worker, so every quiet moment cost a wake-up hop plus the pool's spin-wait
        // (sched_yield showed as ~20 % of the node's CPU under perf), and the whole fan-out then ran on a pool
        // thread, where timer callbacks and HTTP work queue behind it and starvation adds threads only after
        // ~0.5 s: the p99 latency tail of issue #8. Blocking in recvfrom costs one syscall and no handoff.
        _receiveThread = new Thread(ReceiveLoop)
        {
            IsBackground = true,
            Name = "udp-receive",
            Priority = ThreadPriority.AboveNormal,
        };
        var batching = DatagramBatch.IsSupported && _egressImpairment is null && _options.BatchSends;
        _receiveBatch = batching ? new DatagramBatch(SendBatchCapacity, _options.MaxDatagramSize) : null;
        _receiveThreadId = _receiveThread.ManagedThreadId;

        // Issue #8: the fan-out (SRTP, routing, rewriting, sends) runs on a thread of its own, so a burst of work or
        // a full send buffer never keeps the receive thread from draining the socket; on two cores the two halves
        // also run side by side.
        if (_options.FanOutThread)
        {
            _queue = new ReceiveQueue(_options.ReceiveQueueSlots, _options.MaxDatagramSize);
            _fanOutBatch = batching ? new DatagramBatch(SendBatchCapacity, _options.MaxDatagramSize) : null;
            _fanOutThread = new Thread(FanOutLoop)
            {
                IsBackground = true,
                Name = "udp-fan-out",
                Priority = ThreadPriority.AboveNormal,
            };
            _fanOutThreadId = _fanOutThread.ManagedThreadId;
            _fanOutThread.Start();
        }

        _receiveThread.Start();
    }

    /// <summary>Sends queued per sendmmsg: enough for a 64-way fan-out in one call, 128 KiB of native memory.</summary>
    public const int SendBatchCapacity = 64;

    /// <summary>Sends one datagram. Safe from any thread; false if the socket refused it or it was dropped.</summary>
    public bool SendTo(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        if (_egressImpairment is not null)
        {
            EgressVerdict verdict = _egressImpairment.Evaluate(datagram.Length);
            if (verdict.Action == EgressAction.Drop)
            {
                Drops.Increment(DropReason.EgressImpaired);
                return false;
            }

            if (verdict.Action == EgressAction.Delay && TransportAddress.TryFromSocketAddress(remote, out TransportAddress later))
            {
                SendLater(datagram, later, verdict.Delay);
                return true;
            }
        }

        return SendNow(datagram, remote);
    }

    /// <summary>Sends to a recorded address (e.g. the ICE selected pair) using a per-thread scratch SocketAddress.</summary>
    public bool SendTo(ReadOnlySpan<byte> datagram, TransportAddress remote)
    {
        if (_socket.AddressFamily == AddressFamily.InterNetworkV6)
        {
            remote = remote.MapToIPv6();
        }

        SocketAddress scratch = remote.IsIPv6
            ? t_sendAddressV6 ??= new SocketAddress(AddressFamily.InterNetworkV6)
            : t_sendAddressV4 ??= new SocketAddress(AddressFamily.InterNetwork);
        if (!remote.TryWriteTo(scratch))
        {
            Drops.Increment(DropReason.SocketError);
            return false;
        }

        return SendTo(datagram, scratch);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        _socket.Dispose();
        // Disposing the socket aborts the blocking receive (the runtime shuts the descriptor down) and cancelling
        // wakes the fan-out thread, so the joins are short.
        var stopped = true;
        foreach (var thread in new[] { _receiveThread, _fanOutThread })
        {
            if (thread is not null && thread != Thread.CurrentThread)
            {
                await Task.Run(() => thread.Join(TimeSpan.FromSeconds(5)));
                stopped &= !thread.IsAlive;
            }
        }

        if (stopped)
        {
            _receiveBatch?.Dispose();
            _fanOutBatch?.Dispose();
            _queue?.Dispose();
        }

        _stopping.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// Receive thread: reads each datagram straight into the next ring slot and hands it to the fan-out thread, or,
    /// when nothing is waiting (or there is no fan-out thread), handles it here.
    /// </summary>
    private void ReceiveLoop()
    {
        var queue = _queue;
        var stopping = _stopping.Token;
        var remote = new SocketAddress(_socket.AddressFamily);
        while (!stopping.IsCancellationRequested)
        {
            // A full ring still drains the socket (into the scratch buffer), so the drop is ours and counted.
            var slot = default(ArraySegment<byte>);
            var queued = queue is not null && queue.TryGetWriteSlot(out slot);
            var buffer = queued ? slot.AsSpan() : _receiveBuffer.AsSpan();
            int received;
            try
            {
                received = _socket.ReceiveFrom(buffer, SocketFlags.None, remote);
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException)
            {
                if (stopping.IsCancellationRequested)
                {
                    break;
                }

                // E.g. a truncated oversized datagram or an ICMP error surfacing on the socket: one datagram lost.
                Drops.Increment(DropReason.SocketError);
                continue;
            }

            Interlocked.Increment(ref _datagramsReceived);
            if (queue is null)
            {
                Handle(buffer[..received], remote, _receiveBatch);
            }
            else if (!queued)
            {
                Drops.Increment(DropReason.ReceiveQueueFull);
            }
            else if (queue.ConsumerIdle && !SocketHasPendingDatagrams())
            {
                // Nothing waits, in the ring or in the socket: handling this one here is cheaper than waking the
                // fan-out thread for it (a futex round trip cost ~25 % in a 10-person meeting). Under load datagrams
                // queue up and the fan-out thread takes them, so the socket keeps draining.
                Handle(buffer[..received], remote, _receiveBatch);
            }
            else
            {
                queue.Publish(received, remote);
            }
        }
    }

    /// <summary>
    /// Whether more datagrams wait in the socket. Dispose can close the socket between the receive and this check
    /// (CI once crashed the test host on exactly that), so a closed socket reads as "nothing pending" and the loop
    /// ends at its next turn instead of throwing out of the thread.
    /// </summary>
    private bool SocketHasPendingDatagrams()
    {
        try
        {
            return _socket.Available > 0;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Handles one datagram and sends what it caused before the next receive, so batching adds no waiting.</summary>
    private void Handle(Span<byte> datagram, SocketAddress remote, DatagramBatch? batch)
    {
        try
        {
            Dispatch(datagram, remote);
        }
        catch (Exception)
        {
            // Last resort: a handler bug must not stop the port for every other session.
            Drops.Increment(DropReason.HandlerFault);
        }

        if (batch is { Count: > 0 })
        {
            FlushBatch(batch);
        }
    }

    /// <summary>Fan-out thread: handles queued datagrams in order; flushes the batched sends when the ring runs dry.</summary>
    private void FanOutLoop()
    {
        var queue = _queue!;
        var stopping = _stopping.Token;
        var from = new SocketAddress(_socket.AddressFamily);
        while (!stopping.IsCancellationRequested)
        {
            if (queue.TryPeek(out var datagram, from))
            {
                try
                {
                    Dispatch(datagram, from);
                }
                catch (Exception)
                {
                    Drops.Increment(DropReason.HandlerFault);
                }
                finally
                {
                    queue.Release();
                }

                continue;
            }

            // Nothing waiting: what the handled datagrams caused leaves now, so batching adds no waiting.
            if (_fanOutBatch is { Count: > 0 } batch)
            {
                FlushBatch(batch);
                continue;
            }

            try
            {
                queue.WaitForData(stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private void FlushBatch(DatagramBatch batch)
    {
        var sent = batch.Flush(_socket.SafeHandle, out var failed);
        Interlocked.Add(ref _datagramsSent, sent);
        for (var i = 0; i < failed; i++)
        {
            Drops.Increment(DropReason.SocketError);
        }
    }

    private void Dispatch(Span<byte> datagram, SocketAddress remoteSocketAddress)
    {
        PacketKind kind = PacketClassifier.Classify(datagram);
        if (kind == PacketKind.Unknown)
        {
            Drops.Increment(DropReason.UnknownFirstByte);
            return;
        }

        if (!TransportAddress.TryFromSocketAddress(remoteSocketAddress, out TransportAddress remote))
        {
            Drops.Increment(DropReason.UnknownRemoteAddress);
            return;
        }

        switch (kind)
        {
            case PacketKind.Stun:
                DispatchStun(datagram, remote, remoteSocketAddress);
                break;
            case PacketKind.Dtls:
                if (_router.TryGetByAddress(remote, out ITransportSession? dtlsSession))
                {
                    dtlsSession.OnDtls(datagram, remote);
                }
                else
                {
                    Drops.Increment(DropReason.DtlsUnknownAddress);
                }

                break;
            default:
                if (_router.TryGetByAddress(remote, out ITransportSession? mediaSession))
                {
                    mediaSession.OnRtpOrRtcp(datagram, remote);
                }
                else
                {
                    Drops.Increment(DropReason.UnknownRemoteAddress);
                }

                break;
        }
    }

    private void DispatchStun(ReadOnlySpan<byte> datagram, TransportAddress remote, SocketAddress remoteSocketAddress)
    {
        if (StunMessage.TryParse(datagram, out StunMessage message) != StunParseResult.Ok)
        {
            Drops.Increment(DropReason.StunMalformed);
            return;
        }

        // As ICE-lite we send no checks, so only requests are expected; indications are keepalives.
        if (!message.IsBindingRequest)
        {
            Drops.Increment(DropReason.StunRejected);
            return;
        }

        if (!message.TryGetUsername(out ReadOnlySpan<byte> username))
        {
            Drops.Increment(DropReason.StunMalformed);
            return;
        }

        if (!_router.TryGetByUsername(username, out ITransportSession session))
        {
            Drops.Increment(DropReason.StunUnknownUsername);
            return;
        }

        IceCheckResult result = session.OnBindingRequest(message, remote, _responseBuffer, out int responseLength);
        if (responseLength > 0)
        {
            SendTo(_responseBuffer.AsSpan(0, responseLength), remoteSocketAddress);
        }

        if (result.IsSuccess())
        {
            _router.Bind(remote, session);
            return;
        }

        Drops.Increment(ReasonFor(result));
    }

    private static DropReason ReasonFor(IceCheckResult result) => result switch
    {
        IceCheckResult.BadIntegrity => DropReason.StunBadIntegrity,
        IceCheckResult.UnknownUsername => DropReason.StunUnknownUsername,
        IceCheckResult.RoleConflict or IceCheckResult.NotBindingRequest => DropReason.StunRejected,
        IceCheckResult.ResponseBufferTooSmall => DropReason.BufferTooSmall,
        _ => DropReason.StunMalformed,
    };

    private bool SendNow(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        var thread = Environment.CurrentManagedThreadId;
        var batch = thread == _receiveThreadId ? _receiveBatch : thread == _fanOutThreadId ? _fanOutBatch : null;
        if (batch is not null)
        {
            ReadOnlySpan<byte> address = remote.Buffer.Span[..remote.Size];
            if (batch.TryAdd(datagram, address))
            {
                return true;
            }

            if (batch.IsFull)
            {
                FlushBatch(batch);
                if (batch.TryAdd(datagram, address))
                {
                    return true;
                }
            }
        }

        try
        {
            _socket.SendTo(datagram, SocketFlags.None, remote);
            Interlocked.Increment(ref _datagramsSent);
            return true;
        }
        catch (SocketException)
        {
            Drops.Increment(DropReason.SocketError);
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Impairment path only (tests): copies the datagram and sends it after the delay.</summary>
    private void SendLater(ReadOnlySpan<byte> datagram, TransportAddress remote, TimeSpan delay)
    {
        byte[] copy = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(copy);
        _ = SendLaterAsync(copy, datagram.Length, remote, delay);
    }

    private async Task SendLaterAsync(byte[] copy, int length, TransportAddress remote, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _time, _stopping.Token);
            SocketAddress target = new(_socket.AddressFamily);
            TransportAddress addressed = _socket.AddressFamily == AddressFamily.InterNetworkV6 ? remote.MapToIPv6() : remote;
            if (addressed.TryWriteTo(target))
            {
                SendNow(copy.AsSpan(0, length), target);
            }
        }
        catch (OperationCanceledException)
        {
            // Transport closed while the datagram was held back: it is simply lost.
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }
}
