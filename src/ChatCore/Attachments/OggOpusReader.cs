using System.Buffers.Binary;

namespace Messenger.ChatCore.Attachments;

/// <summary>
/// Reads the Opus packets out of an Ogg file (RFC 3533 pages, RFC 7845 encapsulation): checks each page's CRC,
/// reassembles packets that span pages, and takes the first packet as the OpusHead. Returns an error text instead of
/// throwing for anything malformed.
/// </summary>
public static class OggOpusReader
{
    private const int PageHeaderLength = 27;

    public static string? TryRead(ReadOnlySpan<byte> file, List<byte[]> packets, out OpusHead head)
    {
        head = default;
        var raw = new List<byte[]>();
        var pending = new List<byte>();
        var offset = 0;
        uint? serial = null;
        while (offset < file.Length)
        {
            var rest = file[offset..];
            if (rest.Length < PageHeaderLength || !rest.StartsWith("OggS"u8) || rest[4] != 0)
            {
                return $"Not an Ogg page at byte {offset}.";
            }

            int segments = rest[26];
            if (rest.Length < PageHeaderLength + segments)
            {
                return "The file ends inside an Ogg page header.";
            }

            var table = rest.Slice(PageHeaderLength, segments);
            var bodyLength = 0;
            foreach (var lacing in table)
            {
                bodyLength += lacing;
            }

            var pageLength = PageHeaderLength + segments + bodyLength;
            if (rest.Length < pageLength)
            {
                return "The file ends inside an Ogg page.";
            }

            var page = rest[..pageLength];
            if (BinaryPrimitives.ReadUInt32LittleEndian(page[22..]) != OggCrc.Compute(page))
            {
                return $"Ogg page at byte {offset} fails its CRC check.";
            }

            // One logical stream only: a voice note has no video or chained streams.
            var pageSerial = BinaryPrimitives.ReadUInt32LittleEndian(page[14..]);
            serial ??= pageSerial;
            if (serial != pageSerial)
            {
                return "The Ogg file holds more than one stream.";
            }

            var body = page[(PageHeaderLength + segments)..];
            foreach (var lacing in table)
            {
                pending.AddRange(body[..lacing]);
                body = body[lacing..];
                if (lacing < 255)
                {
                    raw.Add([.. pending]);
                    pending.Clear();
                }
            }

            offset += pageLength;
        }

        if (raw.Count < 2 || !OpusHead.TryParse(raw[0], out head))
        {
            return "The Ogg stream does not start with an OpusHead packet (is it Opus?).";
        }

        // raw[1] is OpusTags (RFC 7845 section 5.2); audio follows.
        packets.AddRange(raw.Skip(2));
        return null;
    }
}

/// <summary>The Opus identification header (RFC 7845 section 5.1).</summary>
public readonly record struct OpusHead(int Channels, int PreSkip, int MappingFamily)
{
    public static bool TryParse(ReadOnlySpan<byte> packet, out OpusHead head)
    {
        head = default;
        if (packet.Length < 19 || !packet.StartsWith("OpusHead"u8) || (packet[8] & 0xF0) != 0)
        {
            return false;
        }

        head = new OpusHead(packet[9], BinaryPrimitives.ReadUInt16LittleEndian(packet[10..]), packet[18]);
        return head.Channels > 0;
    }
}

/// <summary>Ogg's CRC-32: polynomial 0x04C11DB7, not reflected, zero initial value, computed with the CRC field as zero.</summary>
public static class OggCrc
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> page)
    {
        uint crc = 0;
        for (var i = 0; i < page.Length; i++)
        {
            var b = i is >= 22 and < 26 ? (byte)0 : page[i];
            crc = (crc << 8) ^ Table[(crc >> 24) ^ b];
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var r = i << 24;
            for (var bit = 0; bit < 8; bit++)
            {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            }

            table[i] = r;
        }

        return table;
    }
}
