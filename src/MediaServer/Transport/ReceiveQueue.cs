using System.Net;
using System.Net.Sockets;

namespace Messenger.MediaServer.Transport;

/// <summary>
/// Hands received datagrams from the receive thread to the fan-out thread (issue #8: fan-out stays off the receive
/// thread, so a slow fan-out or a full send buffer never stops the port from draining its socket). A single-producer,
/// single-consumer ring of fixed slots in one pinned array: the receive thread reads each datagram straight into the
/// next free slot (no copy), and the fan-out thread processes it in place. When every slot is taken the datagram is
/// dropped and counted, like a full socket buffer would, instead of blocking the receive. Nothing allocates after
/// construction.
/// </summary>
public sealed class ReceiveQueue : IDisposable
{
    // Enough for a socket address of either family (sockaddr_in6 is 28 bytes).
    private const int AddressCapacity = 32;

    private readonly int _slotSize;
    private readonly int _mask;
    private readonly byte[] _data;
    private readonly byte[] _addresses;
    private readonly int[] _lengths;
    private readonly int[] _addressSizes;
    private readonly ManualResetEventSlim _signal = new(false, spinCount: 0);
    private long _head; // next slot the consumer reads; written by the consumer only
    private long _tail; // next slot the producer writes; written by the producer only
    private int _consumerWaiting;

    /// <param name="slots">A power of two.</param>
    public ReceiveQueue(int slots, int slotSize)
    {
        if (slots <= 0 || (slots & (slots - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slots), "A power of two is needed.");
        }

        _slotSize = slotSize;
        _mask = slots - 1;
        _data = GC.AllocateUninitializedArray<byte>(slots * slotSize, pinned: true);
        _addresses = new byte[slots * AddressCapacity];
        _lengths = new int[slots];
        _addressSizes = new int[slots];
    }

    public int Capacity => _mask + 1;

    /// <summary>
    /// Producer: true when nothing is queued and the consumer is parked waiting. In that state the consumer cannot be
    /// handling a datagram (a slot is released only after it has been handled), so the producer may handle one
    /// itself instead of paying a thread wake-up for it.
    /// </summary>
    public bool ConsumerIdle => Volatile.Read(ref _consumerWaiting) != 0 && Volatile.Read(ref _head) == _tail;

    /// <summary>Producer: the memory of the next free slot, or false when the ring is full.</summary>
    public bool TryGetWriteSlot(out ArraySegment<byte> slot)
    {
        var tail = _tail;
        if (tail - Volatile.Read(ref _head) > _mask)
        {
            slot = default;
            return false;
        }

        slot = new ArraySegment<byte>(_data, (int)(tail & _mask) * _slotSize, _slotSize);
        return true;
    }

    /// <summary>Producer: publishes the slot from <see cref="TryGetWriteSlot"/> holding a datagram from <paramref name="from"/>.</summary>
    public void Publish(int length, SocketAddress from)
    {
        var index = (int)(_tail & _mask);
        _lengths[index] = length;
        var size = Math.Min(from.Size, AddressCapacity);
        from.Buffer.Span[..size].CopyTo(_addresses.AsSpan(index * AddressCapacity, AddressCapacity));
        _addressSizes[index] = size;
        // The slot's contents must be visible before the new tail, and the tail before we look for a sleeper
        // (Dekker with the consumer's wait below: one of the two always sees the other).
        Interlocked.Exchange(ref _tail, _tail + 1);
        if (Volatile.Read(ref _consumerWaiting) != 0)
        {
            _signal.Set();
        }
    }

    /// <summary>Consumer: the oldest datagram, copied address into <paramref name="from"/>; false when empty.</summary>
    public bool TryPeek(out Span<byte> datagram, SocketAddress from)
    {
        var head = _head;
        if (head == Volatile.Read(ref _tail))
        {
            datagram = default;
            return false;
        }

        var index = (int)(head & _mask);
        datagram = _data.AsSpan(index * _slotSize, _lengths[index]);
        var size = _addressSizes[index];
        _addresses.AsSpan(index * AddressCapacity, size).CopyTo(from.Buffer.Span);
        from.Size = size;
        return true;
    }

    /// <summary>Consumer: frees the slot returned by <see cref="TryPeek"/>.</summary>
    public void Release() => Volatile.Write(ref _head, _head + 1);

    /// <summary>Consumer: blocks until something is queued (or the token is cancelled).</summary>
    public void WaitForData(CancellationToken cancellationToken)
    {
        _signal.Reset();
        Interlocked.Exchange(ref _consumerWaiting, 1);
        try
        {
            if (_head == Volatile.Read(ref _tail))
            {
                _signal.Wait(cancellationToken);
            }
        }
        finally
        {
            Interlocked.Exchange(ref _consumerWaiting, 0);
        }
    }

    public void Dispose() => _signal.Dispose();
}
