using System.Numerics;
using System.Runtime.CompilerServices;

namespace Messenger.MediaServer.Srtp;

/// <summary>
/// A fixed-capacity open-addressing map from SSRC to a mutable struct, handing out refs so per-packet updates copy
/// nothing. All storage is allocated up front; lookups, inserts and removes never allocate. Capacity is twice the
/// entry limit, so probe chains stay short. Not thread-safe.
/// </summary>
internal sealed class SsrcStateTable<T>
    where T : struct
{
    private readonly Entry[] _entries;
    private readonly int _mask;
    private readonly int _shift;
    private readonly int _limit;
    private int _count;

    public SsrcStateTable(int maxEntries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, maxEntries * 2));
        _entries = new Entry[capacity];
        _mask = capacity - 1;
        _shift = 32 - BitOperations.Log2((uint)capacity);
        _limit = maxEntries;
    }

    public int Count => _count;

    public bool IsFull => _count >= _limit;

    /// <summary>The state of <paramref name="ssrc"/>, or a null ref with <paramref name="found"/> false.</summary>
    public ref T Find(uint ssrc, out bool found)
    {
        int slot = HomeSlot(ssrc);
        while (_entries[slot].Used)
        {
            if (_entries[slot].Ssrc == ssrc)
            {
                found = true;
                return ref _entries[slot].Value;
            }

            slot = (slot + 1) & _mask;
        }

        found = false;
        return ref Unsafe.NullRef<T>();
    }

    /// <summary>Adds a default state for an SSRC that <see cref="Find"/> did not find. The table must not be full.</summary>
    public ref T Add(uint ssrc)
    {
        if (IsFull)
        {
            ThrowFull();
        }

        int slot = HomeSlot(ssrc);
        while (_entries[slot].Used)
        {
            slot = (slot + 1) & _mask;
        }

        _entries[slot] = new Entry { Ssrc = ssrc, Used = true };
        _count++;
        return ref _entries[slot].Value;
    }

    /// <summary>Forgets an SSRC (e.g. after RTCP BYE), using backward-shift deletion so no tombstones build up.</summary>
    public bool Remove(uint ssrc)
    {
        int hole = HomeSlot(ssrc);
        while (true)
        {
            if (!_entries[hole].Used)
            {
                return false;
            }

            if (_entries[hole].Ssrc == ssrc)
            {
                break;
            }

            hole = (hole + 1) & _mask;
        }

        int next = hole;
        while (true)
        {
            next = (next + 1) & _mask;
            if (!_entries[next].Used)
            {
                break;
            }

            // An entry may fill the hole only if its home slot is not cyclically inside (hole, next].
            int home = HomeSlot(_entries[next].Ssrc);
            bool homeBetween = hole <= next ? home > hole && home <= next : home > hole || home <= next;
            if (!homeBetween)
            {
                _entries[hole] = _entries[next];
                hole = next;
            }
        }

        _entries[hole] = default;
        _count--;
        return true;
    }

    // Fibonacci hashing: SSRCs are random, but a multiplicative mix keeps sequential test SSRCs spread too.
    private int HomeSlot(uint ssrc) => (int)((ssrc * 0x9E3779B9u) >> _shift) & _mask;

    private static void ThrowFull() => throw new InvalidOperationException("The SSRC table is full.");

    private struct Entry
    {
        public uint Ssrc;
        public bool Used;
        public T Value;
    }
}
