using System.Buffers.Binary;

namespace Messenger.ChatCore.Attachments;

/// <summary>
/// Reads Opus frames out of a WebM file (EBML, RFC 8794; Matroska block layout). It walks only what a voice note
/// needs: Segment, Tracks/TrackEntry (CodecID "A_OPUS", CodecPrivate = OpusHead) and Cluster/SimpleBlock/Block.
/// Browsers' MediaRecorder writes Segment and Cluster with unknown sizes, so those are entered rather than skipped.
/// </summary>
public static class WebmOpusReader
{
    private const uint Segment = 0x18538067, Tracks = 0x1654AE6B, TrackEntry = 0xAE, TrackNumber = 0xD7;
    private const uint CodecId = 0x86, CodecPrivate = 0x63A2, Cluster = 0x1F43B675, BlockGroup = 0xA0;
    private const uint SimpleBlock = 0xA3, Block = 0xA1;

    public static string? TryRead(ReadOnlySpan<byte> file, List<byte[]> packets, out OpusHead head)
    {
        head = default;
        ulong lastTrack = 0, opusTrack = 0;
        var haveHead = false;
        var offset = 0;
        while (offset < file.Length)
        {
            if (!TryReadVint(file[offset..], keepMarker: true, out var id, out var idLength)
                || !TryReadVint(file[(offset + idLength)..], keepMarker: false, out var size, out var sizeLength))
            {
                return $"Malformed EBML element at byte {offset}.";
            }

            var dataStart = offset + idLength + sizeLength;
            var unknownSize = size == (1UL << (7 * sizeLength)) - 1;
            if (id is Segment or Tracks or TrackEntry or Cluster or BlockGroup)
            {
                offset = dataStart; // a master element: read its children in place
                continue;
            }

            if (unknownSize || size > (ulong)(file.Length - dataStart))
            {
                return $"EBML element 0x{id:X} at byte {offset} runs past the end of the file.";
            }

            var data = file.Slice(dataStart, (int)size);
            switch (id)
            {
                case TrackNumber:
                    lastTrack = ReadUnsigned(data);
                    break;
                case CodecId when data.TrimEnd((byte)0).SequenceEqual("A_OPUS"u8):
                    opusTrack = lastTrack;
                    break;
                case CodecPrivate when !haveHead && OpusHead.TryParse(data, out head):
                    haveHead = true;
                    break;
                case SimpleBlock or Block when opusTrack != 0:
                    if (ReadBlock(data, opusTrack, packets) is { } error)
                    {
                        return error;
                    }

                    break;
            }

            offset = dataStart + (int)size;
        }

        return opusTrack == 0 || !haveHead ? "The WebM file has no Opus audio track with an OpusHead." : null;
    }

    private static string? ReadBlock(ReadOnlySpan<byte> block, ulong opusTrack, List<byte[]> packets)
    {
        if (!TryReadVint(block, keepMarker: false, out var track, out var trackLength) || block.Length < trackLength + 3)
        {
            return "Malformed WebM block.";
        }

        if (track != opusTrack)
        {
            return null;
        }

        var lacing = (block[trackLength + 2] >> 1) & 3;
        var frames = block[(trackLength + 3)..];
        if (lacing == 0)
        {
            packets.Add(frames.ToArray());
            return null;
        }

        // Fixed-size lacing only; Opus muxers don't lace, and Xiph/EBML lacing would be dead code here.
        if (lacing != 3 || frames.Length < 1)
        {
            return "Laced WebM blocks are not supported for voice notes.";
        }

        var count = frames[0] + 1;
        var each = (frames.Length - 1) / count;
        for (var i = 0; i < count; i++)
        {
            packets.Add(frames.Slice(1 + (i * each), each).ToArray());
        }

        return null;
    }

    /// <summary>An EBML variable-length integer: the count of leading zero bits in the first byte gives its length.</summary>
    internal static bool TryReadVint(ReadOnlySpan<byte> span, bool keepMarker, out ulong value, out int length)
    {
        value = 0;
        length = 0;
        if (span.IsEmpty || span[0] == 0)
        {
            return false;
        }

        length = System.Numerics.BitOperations.LeadingZeroCount((uint)span[0]) - 23;
        if (span.Length < length)
        {
            return false;
        }

        value = keepMarker ? span[0] : (ulong)(span[0] & (0xFF >> length));
        for (var i = 1; i < length; i++)
        {
            value = (value << 8) | span[i];
        }

        return true;
    }

    private static ulong ReadUnsigned(ReadOnlySpan<byte> data)
    {
        ulong value = 0;
        foreach (var b in data[..Math.Min(8, data.Length)])
        {
            value = (value << 8) | b;
        }

        return value;
    }

    internal static ushort ReadUInt16(ReadOnlySpan<byte> data) => BinaryPrimitives.ReadUInt16BigEndian(data);
}
