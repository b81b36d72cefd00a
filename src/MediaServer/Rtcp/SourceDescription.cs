using System.Buffers.Binary;

namespace Messenger.MediaServer.Rtcp;

/// <summary>One SDES chunk: an SSRC/CSRC and its items; <see cref="Cname"/> is empty when absent.</summary>
public readonly ref struct SdesChunk
{
    public SdesChunk(uint ssrc, ReadOnlySpan<byte> cname, ReadOnlySpan<byte> items)
    {
        Ssrc = ssrc;
        Cname = cname;
        Items = items;
    }

    public uint Ssrc { get; }

    /// <summary>CNAME item text (RFC 3550 §6.5.1), UTF-8 bytes aliasing the packet.</summary>
    public ReadOnlySpan<byte> Cname { get; }

    /// <summary>All items of the chunk as raw type/length/value triples, for callers wanting other items.</summary>
    public ReadOnlySpan<byte> Items { get; }
}

/// <summary>
/// Source description (PT=202, RFC 3550 §6.5). Each chunk: SSRC, items (type, length, text), a null item,
/// zero-padded to the next 32-bit boundary. <see cref="TryParse"/> validates every chunk up front so that
/// enumeration cannot fail.
/// </summary>
public readonly ref struct SourceDescription
{
    public const byte CnameItem = 1;

    private readonly ReadOnlySpan<byte> _body;

    private SourceDescription(ReadOnlySpan<byte> body, int chunkCount)
    {
        _body = body;
        ChunkCount = chunkCount;
    }

    public int ChunkCount { get; }

    public SdesChunkEnumerator GetEnumerator() => new(_body, ChunkCount);

    public static RtcpParseResult TryParse(ReadOnlySpan<byte> packet, out SourceDescription description)
    {
        description = default;
        var result = RtcpHeader.TryGetBody(packet, RtcpPacketType.SourceDescription, out var header, out var body);
        if (result != RtcpParseResult.Ok)
        {
            return result;
        }

        var position = 0;
        for (var i = 0; i < header.Count; i++)
        {
            if (!TryReadChunk(body, ref position, out _, out _, out _))
            {
                return RtcpParseResult.Malformed;
            }
        }

        description = new SourceDescription(body, header.Count);
        return RtcpParseResult.Ok;
    }

    /// <summary>Reads the chunk at <paramref name="position"/> and advances past its padding.</summary>
    internal static bool TryReadChunk(
        ReadOnlySpan<byte> body, scoped ref int position, out uint ssrc, out ReadOnlySpan<byte> cname, out ReadOnlySpan<byte> items)
    {
        ssrc = 0;
        cname = default;
        items = default;
        if (position + 4 > body.Length)
        {
            return false;
        }

        ssrc = BinaryPrimitives.ReadUInt32BigEndian(body.Slice(position));
        var itemsStart = position + 4;
        var p = itemsStart;
        while (true)
        {
            if (p >= body.Length)
            {
                return false;
            }

            var type = body[p];
            if (type == 0)
            {
                items = body.Slice(itemsStart, p - itemsStart);
                // The null item ends the list; the chunk then pads with nulls to a 32-bit boundary (§6.5).
                // Tolerate a final chunk whose padding was cut off by the packet end: the items are complete.
                position = Math.Min((p + 4) & ~3, body.Length);
                return true;
            }

            if (p + 2 > body.Length || p + 2 + body[p + 1] > body.Length)
            {
                return false;
            }

            var length = body[p + 1];
            if (type == CnameItem && cname.IsEmpty)
            {
                cname = body.Slice(p + 2, length);
            }

            p += 2 + length;
        }
    }

    public static int GetCnameLength(int cnameLength) =>
        RtcpHeader.Size + ((4 + 2 + cnameLength + 4) & ~3);

    /// <summary>Writes an SDES with a single chunk carrying only a CNAME (the mandatory item, §6.5.1).</summary>
    public static bool TryWriteCname(Span<byte> destination, uint ssrc, ReadOnlySpan<byte> cname, out int written)
    {
        written = 0;
        var length = GetCnameLength(cname.Length);
        if (cname.Length > 255 || destination.Length < length)
        {
            return false;
        }

        RtcpHeader.Write(destination, 1, RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        destination[8] = CnameItem;
        destination[9] = (byte)cname.Length;
        cname.CopyTo(destination.Slice(10));
        // Null item plus padding: at least one zero byte, up to the end of the word.
        destination.Slice(10 + cname.Length, length - 10 - cname.Length).Clear();
        written = length;
        return true;
    }
}

/// <summary>Enumerates chunks of an already validated SDES body.</summary>
public ref struct SdesChunkEnumerator
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly int _count;
    private int _index;
    private int _position;
    private SdesChunk _current;

    internal SdesChunkEnumerator(ReadOnlySpan<byte> body, int count)
    {
        _body = body;
        _count = count;
        _index = 0;
        _position = 0;
        _current = default;
    }

    public readonly SdesChunk Current => _current;

    public bool MoveNext()
    {
        if (_index >= _count
            || !SourceDescription.TryReadChunk(_body, ref _position, out var ssrc, out var cname, out var items))
        {
            return false;
        }

        _index++;
        _current = new SdesChunk(ssrc, cname, items);
        return true;
    }
}
