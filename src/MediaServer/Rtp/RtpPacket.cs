using System.Buffers.Binary;

namespace Messenger.MediaServer.Rtp;

/// <summary>
/// A validated view over one RTP packet (RFC 3550 §5.1) in a caller-owned buffer. Nothing is copied:
/// getters read the bytes, setters rewrite them in place so a forwarder can retarget a packet
/// (SSRC, sequence number, timestamp, payload type) without re-serialising it.
/// </summary>
public readonly ref struct RtpPacket
{
    public const int FixedHeaderLength = 12;
    public const int Version2 = 2;

    private readonly Span<byte> _buffer;
    private readonly int _headerLength;
    private readonly int _paddingLength;
    private readonly int _extensionOffset; // first byte of extension elements, or 0 when X = 0
    private readonly int _extensionLength; // bytes of extension elements (the "length" field × 4)

    private RtpPacket(Span<byte> buffer, int headerLength, int paddingLength, int extensionOffset, int extensionLength)
    {
        _buffer = buffer;
        _headerLength = headerLength;
        _paddingLength = paddingLength;
        _extensionOffset = extensionOffset;
        _extensionLength = extensionLength;
    }

    /// <summary>
    /// Validates the fixed header, CSRC list, extension block and padding against the buffer length.
    /// Never throws; on failure <paramref name="packet"/> is default.
    /// </summary>
    public static RtpParseResult TryParse(Span<byte> buffer, out RtpPacket packet)
    {
        packet = default;
        if (buffer.Length < FixedHeaderLength)
        {
            return RtpParseResult.TooShort;
        }

        var first = buffer[0];
        if (first >> 6 != Version2)
        {
            return RtpParseResult.BadVersion;
        }

        var header = FixedHeaderLength + ((first & 0x0F) * 4);
        if (header > buffer.Length)
        {
            return RtpParseResult.BadCsrcCount;
        }

        var extensionOffset = 0;
        var extensionLength = 0;
        if ((first & 0x10) != 0)
        {
            // RFC 3550 §5.3.1: 16-bit profile, 16-bit length in 32-bit words, not counting this 4-byte header.
            if (header + 4 > buffer.Length)
            {
                return RtpParseResult.BadExtensionLength;
            }

            extensionLength = BinaryPrimitives.ReadUInt16BigEndian(buffer.Slice(header + 2)) * 4;
            extensionOffset = header + 4;
            header = extensionOffset + extensionLength;
            if (header > buffer.Length)
            {
                return RtpParseResult.BadExtensionLength;
            }
        }

        var padding = 0;
        if ((first & 0x20) != 0)
        {
            // RFC 3550 §5.1: the last octet counts the padding octets, itself included, so it cannot be 0.
            if (header == buffer.Length)
            {
                return RtpParseResult.BadPadding;
            }

            padding = buffer[^1];
            if (padding == 0 || header + padding > buffer.Length)
            {
                return RtpParseResult.BadPadding;
            }
        }

        packet = new RtpPacket(buffer, header, padding, extensionOffset, extensionLength);
        return RtpParseResult.Ok;
    }

    /// <summary>The whole packet, header through padding.</summary>
    public Span<byte> Buffer => _buffer;

    public int Length => _buffer.Length;

    public int Version => _buffer[0] >> 6;

    public bool HasPadding => (_buffer[0] & 0x20) != 0;

    public bool HasExtension => (_buffer[0] & 0x10) != 0;

    public int CsrcCount => _buffer[0] & 0x0F;

    public bool Marker => (_buffer[1] & 0x80) != 0;

    public byte PayloadType => (byte)(_buffer[1] & 0x7F);

    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_buffer.Slice(2));

    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(4));

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(8));

    /// <summary>Fixed header + CSRCs + extension block: the offset of the payload.</summary>
    public int HeaderLength => _headerLength;

    public int PaddingLength => _paddingLength;

    public int PayloadLength => _buffer.Length - _headerLength - _paddingLength;

    /// <summary>The payload without header and padding; writable so codec descriptors can be rewritten in place.</summary>
    public Span<byte> Payload => _buffer.Slice(_headerLength, PayloadLength);

    /// <summary>The 16-bit "defined by profile" field of the extension header, or 0 when X = 0.</summary>
    public ushort ExtensionProfile =>
        _extensionOffset == 0 ? (ushort)0 : BinaryPrimitives.ReadUInt16BigEndian(_buffer.Slice(_extensionOffset - 4));

    /// <summary>The extension elements (without the 4-byte extension header); empty when X = 0.</summary>
    public Span<byte> ExtensionData => _buffer.Slice(_extensionOffset, _extensionLength);

    /// <summary>CSRC number <paramref name="index"/>; callers check <see cref="CsrcCount"/> first.</summary>
    public uint GetCsrc(int index) =>
        BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(FixedHeaderLength + (index * 4)));

    /// <summary>Iterates RFC 8285 elements (one- or two-byte form); yields nothing for other profiles.</summary>
    public RtpExtensionEnumerator Extensions => new(ExtensionProfile, ExtensionData);

    /// <summary>
    /// Finds the value of extension element <paramref name="id"/> without allocating. The returned span aliases
    /// the packet, so writing to it rewrites the element in place.
    /// </summary>
    public bool TryGetExtension(byte id, out Span<byte> value)
    {
        if (_extensionOffset != 0
            && RtpExtensionEnumerator.TryFind(ExtensionProfile, ExtensionData, id, out var offset, out var length))
        {
            value = _buffer.Slice(_extensionOffset + offset, length);
            return true;
        }

        value = default;
        return false;
    }

    public void SetMarker(bool marker) =>
        _buffer[1] = (byte)(marker ? _buffer[1] | 0x80 : _buffer[1] & 0x7F);

    /// <summary>Rewrites the payload type, keeping the marker bit.</summary>
    public void SetPayloadType(byte payloadType) =>
        _buffer[1] = (byte)((_buffer[1] & 0x80) | (payloadType & 0x7F));

    public void SetSequenceNumber(ushort sequenceNumber) =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(2), sequenceNumber);

    public void SetTimestamp(uint timestamp) =>
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.Slice(4), timestamp);

    public void SetSsrc(uint ssrc) =>
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.Slice(8), ssrc);
}
