using System.Buffers.Binary;

namespace Messenger.MediaServer.Rtp;

/// <summary>
/// Writes an RTP packet front to back into a caller-owned span: fixed header, then optional one-byte
/// header extensions (RFC 8285 §4.2), then payload and optional padding. Used by the load generator and
/// tests; the forwarding path rewrites received packets in place instead.
/// Any call that would overflow the span marks the writer failed and every later call returns false.
/// </summary>
public ref struct RtpWriter
{
    /// <summary>One-byte form limits: ids 1-14, values 1-16 bytes (RFC 8285 §4.2).</summary>
    public const int MaxOneByteId = 14;
    public const int MaxOneByteValueLength = 16;

    private readonly Span<byte> _destination;
    private int _position;
    private int _extensionHeaderOffset; // -1 until the first extension is added
    private bool _failed;
    private bool _completed;

    public RtpWriter(
        Span<byte> destination, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, bool marker = false)
    {
        _destination = destination;
        _extensionHeaderOffset = -1;
        _completed = false;
        if (destination.Length < RtpPacket.FixedHeaderLength)
        {
            _failed = true;
            _position = 0;
            return;
        }

        _failed = false;
        destination[0] = RtpPacket.Version2 << 6;
        destination[1] = (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), ssrc);
        _position = RtpPacket.FixedHeaderLength;
    }

    /// <summary>False once any call has failed; the span content is then unspecified.</summary>
    public readonly bool IsValid => !_failed;

    /// <summary>Appends one one-byte-form element. Must precede <see cref="TryComplete(ReadOnlySpan{byte}, out int)"/>.</summary>
    public bool TryAddExtension(byte id, ReadOnlySpan<byte> value)
    {
        if (_failed || _completed || id is 0 or > MaxOneByteId || value.Length is 0 or > MaxOneByteValueLength)
        {
            return false;
        }

        var needed = 1 + value.Length + (_extensionHeaderOffset < 0 ? 4 : 0);
        if (_position + needed > _destination.Length)
        {
            _failed = true;
            return false;
        }

        if (_extensionHeaderOffset < 0)
        {
            _extensionHeaderOffset = _position;
            _destination[0] |= 0x10;
            BinaryPrimitives.WriteUInt16BigEndian(_destination.Slice(_position), RtpExtensionEnumerator.OneByteProfile);
            _position += 4; // length is filled in by TryComplete once the block size is known
        }

        _destination[_position++] = (byte)((id << 4) | (value.Length - 1));
        value.CopyTo(_destination.Slice(_position));
        _position += value.Length;
        return true;
    }

    public bool TryComplete(ReadOnlySpan<byte> payload, out int length) => TryComplete(payload, 0, out length);

    /// <summary>
    /// Closes the extension block (zero-padded to 32 bits, RFC 8285 §4.1), copies the payload and appends
    /// <paramref name="paddingLength"/> bytes of RTP padding (RFC 3550 §5.1), the last holding the count.
    /// </summary>
    public bool TryComplete(ReadOnlySpan<byte> payload, byte paddingLength, out int length)
    {
        length = 0;
        if (_failed || _completed)
        {
            return false;
        }

        var extensionPad = 0;
        if (_extensionHeaderOffset >= 0)
        {
            extensionPad = (4 - ((_position - _extensionHeaderOffset) & 3)) & 3;
        }

        if (_position + extensionPad + payload.Length + paddingLength > _destination.Length)
        {
            _failed = true;
            return false;
        }

        if (_extensionHeaderOffset >= 0)
        {
            _destination.Slice(_position, extensionPad).Clear();
            _position += extensionPad;
            var words = (_position - _extensionHeaderOffset - 4) / 4;
            BinaryPrimitives.WriteUInt16BigEndian(_destination.Slice(_extensionHeaderOffset + 2), (ushort)words);
        }

        payload.CopyTo(_destination.Slice(_position));
        _position += payload.Length;
        if (paddingLength > 0)
        {
            _destination[0] |= 0x20;
            _destination.Slice(_position, paddingLength - 1).Clear();
            _position += paddingLength;
            _destination[_position - 1] = paddingLength;
        }

        _completed = true;
        length = _position;
        return true;
    }
}
