using System.Buffers;
using Org.BouncyCastle.Tls;

namespace Messenger.MediaServer.Dtls;

/// <summary>
/// Bridges our UDP demultiplexer to BouncyCastle's blocking <see cref="DatagramTransport"/>. The socket side pushes
/// DTLS datagrams (first byte 20..63, RFC 7983 §7) with <see cref="Enqueue"/>; BouncyCastle pulls them with
/// <see cref="Receive(byte[], int, int, int)"/> on the handshake thread. The queue is small and bounded: DTLS only
/// carries a handful of flights, and a flood must not grow memory. Buffers come from <see cref="ArrayPool{T}"/>.
/// <para>
/// Outgoing records are packed into as few datagrams as the MTU allows (RFC 6347 §4.1.1 permits several records
/// per datagram) and flushed when BouncyCastle starts waiting for an answer. BouncyCastle itself writes one record
/// per datagram; packing makes a flight arrive all-or-nothing, as browsers send it, which also avoids a
/// BouncyCastle 2.7 weakness: a ChangeCipherSpec that overtakes a lost CertificateVerify switches its read epoch
/// too early and the handshake can never complete (bc-java issue 229).
/// </para>
/// </summary>
public sealed class DtlsTransportAdapter : DatagramTransport
{
    /// <summary>Largest datagram we accept: a full Ethernet MTU's worth of UDP payload.</summary>
    public const int MaxDatagramSize = 1500;

    /// <summary>Default record size we emit. 1200 bytes fits any path that carries WebRTC (also what
    /// browsers use for DTLS and ICE, RFC 8445 §5.1.1.3's 1280-byte IPv6 minimum minus headers).</summary>
    public const int DefaultMtu = 1200;

    private readonly object _gate = new();
    private readonly object _sendGate = new();
    private readonly IDatagramSender _sender;
    private readonly TimeProvider _timeProvider;
    private readonly byte[]?[] _slots;
    private readonly int[] _lengths;
    private readonly int _mtu;
    private byte[]? _sendBuffer;
    private int _sendPending;
    private int _head;
    private int _count;
    private bool _closed;
    private long _dropped;

    public DtlsTransportAdapter(IDatagramSender sender, int mtu = DefaultMtu, int queueCapacity = 16, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentOutOfRangeException.ThrowIfLessThan(mtu, 256);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(mtu, MaxDatagramSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        _sender = sender;
        _mtu = mtu;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _slots = new byte[]?[queueCapacity];
        _lengths = new int[queueCapacity];
    }

    /// <summary>Datagrams waiting for BouncyCastle to read them.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Datagrams refused because the queue was full, they were too large, or we were closed.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    /// <summary>
    /// Copies one received datagram into the queue. Returns false (and counts a drop) when it is empty, larger than
    /// <see cref="MaxDatagramSize"/>, the queue is full or the adapter is closed; DTLS retransmission recovers.
    /// </summary>
    public bool Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty || datagram.Length > MaxDatagramSize)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        lock (_gate)
        {
            if (_closed || _count == _slots.Length)
            {
                Interlocked.Increment(ref _dropped);
                return false;
            }

            byte[] buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
            datagram.CopyTo(buffer);
            int tail = (_head + _count) % _slots.Length;
            _slots[tail] = buffer;
            _lengths[tail] = datagram.Length;
            _count++;
            Monitor.Pulse(_gate);
        }

        return true;
    }

    public int GetReceiveLimit() => MaxDatagramSize;

    public int GetSendLimit() => _mtu;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>
    /// Waits up to <paramref name="waitMillis"/> (0 = forever, as BouncyCastle defines it) for a datagram.
    /// Returns its length, or -1 on timeout. Throws <see cref="IOException"/> once closed, which is how a blocking
    /// socket reports it too, so BouncyCastle stops instead of spinning on an empty transport.
    /// </summary>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        // BouncyCastle only waits after it has written a whole flight: that flight must leave now.
        Flush();

        long started = _timeProvider.GetTimestamp();
        lock (_gate)
        {
            while (_count == 0)
            {
                if (_closed)
                {
                    ThrowClosed();
                }

                int remaining = System.Threading.Timeout.Infinite;
                if (waitMillis > 0)
                {
                    remaining = waitMillis - (int)_timeProvider.GetElapsedTime(started).TotalMilliseconds;
                    if (remaining <= 0)
                    {
                        return -1;
                    }
                }

                Monitor.Wait(_gate, remaining);
            }

            byte[] slot = _slots[_head]!;
            int length = _lengths[_head];
            _slots[_head] = null;
            _head = (_head + 1) % _slots.Length;
            _count--;

            // A datagram larger than the caller's buffer is returned truncated with its real length; BouncyCastle
            // checks received <= len and discards it.
            slot.AsSpan(0, Math.Min(length, buffer.Length)).CopyTo(buffer);
            ArrayPool<byte>.Shared.Return(slot);
            return length;
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    /// <summary>Queues one DTLS record for the current datagram; see <see cref="Flush"/>.</summary>
    public void Send(ReadOnlySpan<byte> buffer)
    {
        lock (_sendGate)
        {
            if (_closed)
            {
                return; // Late alerts after close are not worth an exception.
            }

            if (_sendPending + buffer.Length > _mtu)
            {
                FlushLocked();
            }

            if (buffer.Length > _mtu)
            {
                _sender.Send(buffer); // Never produced by BouncyCastle (it fragments to GetSendLimit), but don't lose it.
                return;
            }

            _sendBuffer ??= new byte[_mtu];
            buffer.CopyTo(_sendBuffer.AsSpan(_sendPending));
            _sendPending += buffer.Length;
        }
    }

    /// <summary>Sends the records packed so far as one datagram.</summary>
    public void Flush()
    {
        lock (_sendGate)
        {
            FlushLocked();
        }
    }

    /// <summary>
    /// Sends what is still packed (typically a final alert), then stops accepting datagrams, releases queued
    /// buffers and wakes any blocked receiver.
    /// </summary>
    public void Close()
    {
        lock (_sendGate)
        {
            if (!_closed)
            {
                FlushLocked();
            }

            lock (_gate)
            {
                if (_closed)
                {
                    return;
                }

                _closed = true;
                while (_count > 0)
                {
                    ArrayPool<byte>.Shared.Return(_slots[_head]!);
                    _slots[_head] = null;
                    _head = (_head + 1) % _slots.Length;
                    _count--;
                }

                Monitor.PulseAll(_gate);
            }
        }
    }

    private void FlushLocked()
    {
        if (_sendPending > 0)
        {
            int length = _sendPending;
            _sendPending = 0;
            _sender.Send(_sendBuffer.AsSpan(0, length));
        }
    }

    private static void ThrowClosed() => throw new IOException("DTLS transport closed");
}
