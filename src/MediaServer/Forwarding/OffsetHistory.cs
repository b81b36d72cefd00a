using System.Runtime.CompilerServices;

namespace Messenger.MediaServer.Forwarding;

/// <summary>
/// Which offset applied where in an unwrapped counter (RTP sequence number, VP8 PictureID): output = input − offset
/// from each range's start onward. Dropping an item shifts everything after it by one; a late item is mapped with
/// the offset of its own position, not the current one (LiveKit's "snRangeMap"). A fixed ring: the oldest change
/// is forgotten first, and items before it can no longer be placed.
/// </summary>
internal struct OffsetHistory
{
    public const int Capacity = 16;

    private Ranges _ranges;
    private int _head; // index of the newest range
    private int _count;

    public readonly long CurrentOffset => _ranges[_head].Offset;

    public void Reset(long start, long offset)
    {
        _head = 0;
        _count = 1;
        _ranges[0] = new Range(start, offset);
    }

    /// <summary>Everything after <paramref name="dropped"/> (the newest item so far) moves one output slot down.</summary>
    public void ShiftAfter(long dropped)
    {
        ref var head = ref _ranges[_head];
        if (head.Start == dropped)
        {
            // Nothing was placed in the head range yet (the previous item was dropped too): extend it.
            head = new Range(dropped + 1, head.Offset + 1);
            return;
        }

        var offset = head.Offset + 1;
        _head = (_head + 1) % Capacity;
        _count = Math.Min(_count + 1, Capacity);
        _ranges[_head] = new Range(dropped + 1, offset);
    }

    public readonly bool TryFind(long position, out long offset)
    {
        for (var i = 0; i < _count; i++)
        {
            var range = _ranges[(_head - i + Capacity) % Capacity];
            if (position >= range.Start)
            {
                offset = range.Offset;
                return true;
            }
        }

        offset = 0;
        return false;
    }

    private readonly record struct Range(long Start, long Offset);

    [InlineArray(Capacity)]
    private struct Ranges
    {
        private Range _element0;
    }
}
