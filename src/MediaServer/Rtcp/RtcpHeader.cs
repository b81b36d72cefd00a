using System.Buffers.Binary;

namespace Messenger.MediaServer.Rtcp;

/// <summary>
/// The 4-byte common header of every RTCP packet (RFC 3550 §6.4.1):
/// V(2) P(1) count/FMT(5) | PT(8) | length(16) in 32-bit words minus one.
/// </summary>
public readonly struct RtcpHeader
{
    public const int Size = 4;

    public RtcpHeader(byte first, byte packetType, ushort lengthWords)
    {
        Version = (byte)(first >> 6);
        HasPadding = (first & 0x20) != 0;
        Count = (byte)(first & 0x1F);
        PacketType = packetType;
        LengthWords = lengthWords;
    }

    public byte Version { get; }

    public bool HasPadding { get; }

    /// <summary>RC, SC or FMT depending on the packet type.</summary>
    public byte Count { get; }

    public byte PacketType { get; }

    /// <summary>The raw length field: 32-bit words minus one.</summary>
    public ushort LengthWords { get; }

    /// <summary>Bytes of this packet including header and padding.</summary>
    public int PacketLength => (LengthWords + 1) * 4;

    /// <summary>Reads the header; false when fewer than 4 bytes. Version is not checked here.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out RtcpHeader header)
    {
        if (data.Length < Size)
        {
            header = default;
            return false;
        }

        header = new RtcpHeader(data[0], data[1], BinaryPrimitives.ReadUInt16BigEndian(data.Slice(2)));
        return true;
    }

    /// <summary>Writes a header for a packet of <paramref name="packetLength"/> bytes (a multiple of 4).</summary>
    public static void Write(Span<byte> destination, byte count, byte packetType, int packetLength, bool padding = false)
    {
        destination[0] = (byte)(0x80 | (padding ? 0x20 : 0) | (count & 0x1F));
        destination[1] = packetType;
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), (ushort)((packetLength / 4) - 1));
    }

    /// <summary>
    /// Validates the first packet in <paramref name="data"/> and returns its body (after the header, without
    /// padding). Shared by every typed reader.
    /// </summary>
    public static RtcpParseResult TryGetBody(
        ReadOnlySpan<byte> data, byte expectedType, out RtcpHeader header, out ReadOnlySpan<byte> body)
    {
        body = default;
        var result = TryValidate(data, out header);
        if (result != RtcpParseResult.Ok)
        {
            return result;
        }

        if (header.PacketType != expectedType)
        {
            return RtcpParseResult.WrongType;
        }

        var length = header.PacketLength;
        var padding = header.HasPadding ? data[length - 1] : 0;
        body = data.Slice(Size, length - Size - padding);
        return RtcpParseResult.Ok;
    }

    /// <summary>Version, declared length against the buffer, and padding count (RFC 3550 §6.4.1, §A.2).</summary>
    public static RtcpParseResult TryValidate(ReadOnlySpan<byte> data, out RtcpHeader header)
    {
        if (!TryRead(data, out header))
        {
            return RtcpParseResult.TooShort;
        }

        if (header.Version != 2)
        {
            return RtcpParseResult.BadVersion;
        }

        var length = header.PacketLength;
        if (length > data.Length)
        {
            return RtcpParseResult.TooShort;
        }

        if (header.HasPadding)
        {
            var padding = data[length - 1];
            if (padding == 0 || padding > length - Size)
            {
                return RtcpParseResult.BadPadding;
            }
        }

        return RtcpParseResult.Ok;
    }
}
