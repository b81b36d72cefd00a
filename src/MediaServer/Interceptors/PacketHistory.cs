using System.Buffers.Binary;
using System.Numerics;
using Messenger.MediaServer.Rtp;

namespace Messenger.MediaServer.Interceptors;

/// <summary>
/// The last N packets sent on one outgoing track, as plain RTP (before SRTP), keyed by their output sequence
/// number, so that NACKs (RFC 4585 §6.2.1) can be answered (pion "nack/responder_interceptor" send buffer).
/// One slot per sequence number modulo the capacity; a newer packet overwrites the slot of the one N before it.
/// The bytes live in one ring of <c>byteBudget</c> bytes, packed back to back rather than in fixed 1,500-byte
/// slots, so a packet is held while both its slot and its bytes survive: the ring bounds memory by time at the
/// stream's bitrate (libwebrtc keeps about a second of history, RtpPacketHistory), where fixed slots made each
/// video consumer hold a 2 MiB pooled array (issue #8: 180 MiB of LOH in a 10-person meeting).
/// Allocated once; storing and lookup allocate nothing. Not thread-safe: the track's send path owns it.
/// </summary>
public sealed class PacketHistory : IDisposable
{
    public const int DefaultCapacity = 1024;

    /// <summary>Typical path MTU payload; larger packets are not stored (and cannot be resent).</summary>
    public const int DefaultMaxPacketSize = 1500;

    /// <summary>
    /// Ring size a forwarding consumer uses: 256 KiB is about 1 s of a 2 Mbit/s stream and 1.4 s of 1.5 Mbit/s,
    /// which covers the NACK round trips RFC 4585 retransmission is useful for.
    /// </summary>
    public const int DefaultByteBudget = 256 * 1024;

    private readonly int _mask;
    private readonly int _slotSize;
    private readonly Slot[] _slots;
    private byte[]? _buffer;

    // Logical write position: bytes ever written (plus skipped ring tails). A packet stored at logical Start is
    // intact while _head - Start <= ring length, because nothing has been written over its physical bytes yet.
    private long _head;

    /// <param name="capacity">Packets held at most; a power of two.</param>
    /// <param name="maxPacketSize">Largest packet stored.</param>
    /// <param name="byteBudget">Ring size in bytes; 0 means capacity × maxPacketSize (every slot full-size).</param>
    public PacketHistory(int capacity = DefaultCapacity, int maxPacketSize = DefaultMaxPacketSize, int byteBudget = 0)
    {
        if (capacity is < 1 or > 32768 || !BitOperations.IsPow2(capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A power of two up to 32768.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacketSize, RtpPacket.FixedHeaderLength);
        _mask = capacity - 1;
        _slotSize = maxPacketSize;
        _slots = new Slot[capacity];
        ArgumentOutOfRangeException.ThrowIfNegative(byteBudget);
        var ringBytes = byteBudget == 0 ? capacity * maxPacketSize : Math.Max(byteBudget, maxPacketSize);
        _buffer = GC.AllocateUninitializedArray<byte>(ringBytes);
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

        var start = _head;
        var offset = (int)(start % buffer.Length);
        if (offset + packet.Length > buffer.Length)
        {
            // Packets are stored contiguously: skip the ring's tail and start again at its beginning.
            start += buffer.Length - offset;
            offset = 0;
        }

        packet.CopyTo(buffer.AsSpan(offset));
        _slots[sequenceNumber & _mask] = new Slot(sequenceNumber, packet.Length, start);
        _head = start + packet.Length;
        return true;
    }

    /// <summary>True when <paramref name="sequenceNumber"/> is still held.</summary>
    public bool Contains(ushort sequenceNumber)
    {
        var slot = _slots[sequenceNumber & _mask];
        return _buffer is { } buffer && IsIntact(slot, sequenceNumber, buffer.Length);
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
        var slot = _slots[sequenceNumber & _mask];
        if (_buffer is not { } buffer || !IsIntact(slot, sequenceNumber, buffer.Length))
        {
            packet = default;
            return false;
        }

        packet = buffer.AsSpan((int)(slot.Start % buffer.Length), slot.Length);
        return true;
    }

    /// <summary>Forgets everything (e.g. the track's output stream restarted).</summary>
    public void Clear() => Array.Clear(_slots);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is not null)
        {
            Array.Clear(_slots);
        }
    }

    private bool IsIntact(Slot slot, ushort sequenceNumber, int ringLength) =>
        slot.Length > 0 && slot.SequenceNumber == sequenceNumber && _head - slot.Start <= ringLength;

    private readonly record struct Slot(ushort SequenceNumber, int Length, long Start);
}
