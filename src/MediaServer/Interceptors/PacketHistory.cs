using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using Messenger.MediaServer.Rtp;

namespace Messenger.MediaServer.Interceptors;

/// <summary>
/// The last N packets sent on one outgoing track, as plain RTP (before SRTP), keyed by their output sequence
/// number, so that NACKs (RFC 4585 §6.2.1) can be answered (pion "nack/responder_interceptor" send buffer).
/// One slot per sequence number modulo the capacity; a newer packet overwrites the slot of the one N before it.
/// Memory is rented once from the shared pool and returned on <see cref="Dispose"/>; storing and lookup
/// allocate nothing. Not thread-safe: the track's send path owns it.
/// </summary>
public sealed class PacketHistory : IDisposable
{
    public const int DefaultCapacity = 1024;

    /// <summary>Typical path MTU payload; larger packets are not stored (and cannot be resent).</summary>
    public const int DefaultMaxPacketSize = 1500;

    private readonly int _mask;
    private readonly int _slotSize;
    private readonly Slot[] _slots;
    private byte[]? _buffer;

    public PacketHistory(int capacity = DefaultCapacity, int maxPacketSize = DefaultMaxPacketSize)
    {
        if (capacity is < 1 or > 32768 || !BitOperations.IsPow2(capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A power of two up to 32768.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacketSize, RtpPacket.FixedHeaderLength);
        _mask = capacity - 1;
        _slotSize = maxPacketSize;
        _slots = new Slot[capacity];
        _buffer = ArrayPool<byte>.Shared.Rent(capacity * maxPacketSize);
    }

    public int Capacity => _slots.Length;

    public int MaxPacketSize => _slotSize;

    /// <summary>Stores a packet under the sequence number in its header. False when too short or too large.</summary>
    public bool Store(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < RtpPacket.FixedHeaderLength)
        {
            return false;
        }

        return Store(BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2)), packet);
    }

    public bool Store(ushort sequenceNumber, ReadOnlySpan<byte> packet)
    {
        var buffer = _buffer;
        if (buffer is null || packet.Length > _slotSize || packet.IsEmpty)
        {
            return false;
        }

        var index = sequenceNumber & _mask;
        packet.CopyTo(buffer.AsSpan(index * _slotSize, _slotSize));
        _slots[index] = new Slot(sequenceNumber, packet.Length);
        return true;
    }

    /// <summary>True when <paramref name="sequenceNumber"/> is still held.</summary>
    public bool Contains(ushort sequenceNumber)
    {
        var slot = _slots[sequenceNumber & _mask];
        return slot.Length > 0 && slot.SequenceNumber == sequenceNumber && _buffer is not null;
    }

    /// <summary>Copies the stored packet into <paramref name="destination"/>; false when evicted, unknown or it does not fit.</summary>
    public bool TryGet(ushort sequenceNumber, Span<byte> destination, out int length)
    {
        length = 0;
        if (!TryGetStored(sequenceNumber, out var stored) || stored.Length > destination.Length)
        {
            return false;
        }

        stored.CopyTo(destination);
        length = stored.Length;
        return true;
    }

    /// <summary>A view of the stored bytes, valid until the slot is overwritten. Internal: used to build RTX in one copy.</summary>
    internal bool TryGetStored(ushort sequenceNumber, out Span<byte> packet)
    {
        var index = sequenceNumber & _mask;
        var slot = _slots[index];
        if (_buffer is null || slot.Length == 0 || slot.SequenceNumber != sequenceNumber)
        {
            packet = default;
            return false;
        }

        packet = _buffer.AsSpan(index * _slotSize, slot.Length);
        return true;
    }

    /// <summary>Forgets everything (e.g. the track's output stream restarted).</summary>
    public void Clear() => Array.Clear(_slots);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            Array.Clear(_slots);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private readonly record struct Slot(ushort SequenceNumber, int Length);
}
