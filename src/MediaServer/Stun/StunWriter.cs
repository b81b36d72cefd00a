using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Stun;

/// <summary>
/// Writes one STUN message into a caller's buffer (RFC 8489 §5, §14). The header length is kept current
/// after each attribute, which MESSAGE-INTEGRITY and FINGERPRINT rely on, so those two must be written
/// last and in that order. A write that does not fit sets <see cref="HasOverflowed"/> and returns false;
/// later writes are then ignored, so callers may check once at the end.
/// </summary>
public ref struct StunWriter
{
    private readonly Span<byte> _buffer;
    private int _length;
    private bool _overflowed;

    public StunWriter(Span<byte> destination, ushort messageType, StunTransactionId transactionId)
    {
        _buffer = destination;
        _length = 0;
        _overflowed = destination.Length < StunConstants.HeaderLength;
        if (_overflowed)
        {
            return;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, messageType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], StunConstants.MagicCookie);
        transactionId.WriteTo(destination[8..]);
        _length = StunConstants.HeaderLength;
    }

    /// <summary>Bytes written so far, header included.</summary>
    public readonly int Length => _length;

    public readonly bool HasOverflowed => _overflowed;

    /// <summary>The finished message, or false if anything did not fit.</summary>
    public readonly bool TryGetWritten(out int length)
    {
        length = _overflowed ? 0 : _length;
        return !_overflowed;
    }

    public bool WriteAttribute(StunAttributeType type, ReadOnlySpan<byte> value)
    {
        if (!TryReserve(type, value.Length, out Span<byte> destination))
        {
            return false;
        }

        value.CopyTo(destination);
        return true;
    }

    public bool WriteUsername(ReadOnlySpan<byte> username) =>
        username.Length <= StunConstants.MaxUsernameLength ? WriteAttribute(StunAttributeType.Username, username) : Overflow();

    public bool WritePriority(uint priority)
    {
        if (!TryReserve(StunAttributeType.Priority, 4, out Span<byte> value))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(value, priority);
        return true;
    }

    public bool WriteUseCandidate() => TryReserve(StunAttributeType.UseCandidate, 0, out _);

    public bool WriteIceControlling(ulong tieBreaker) => WriteUInt64(StunAttributeType.IceControlling, tieBreaker);

    public bool WriteIceControlled(ulong tieBreaker) => WriteUInt64(StunAttributeType.IceControlled, tieBreaker);

    /// <summary>RFC 8489 §14.2. An IPv4-mapped IPv6 sender (dual-mode socket) is reported as IPv4.</summary>
    public bool WriteXorMappedAddress(TransportAddress address)
    {
        TransportAddress mapped = address.UnmapIPv4();
        int addressLength = mapped.AddressLength;
        if (!TryReserve(StunAttributeType.XorMappedAddress, 4 + addressLength, out Span<byte> value))
        {
            return false;
        }

        value[0] = 0;
        value[1] = mapped.IsIPv6 ? StunAddressFamily.IPv6 : StunAddressFamily.IPv4;
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(mapped.Port ^ (StunConstants.MagicCookie >> 16)));
        Span<byte> ip = value[4..];
        mapped.WriteAddressBytes(ip);

        // The mask is the cookie followed by the transaction id, exactly bytes 4..20 of our own header.
        ReadOnlySpan<byte> mask = _buffer.Slice(4, 16);
        for (int i = 0; i < addressLength; i++)
        {
            ip[i] ^= mask[i];
        }

        return true;
    }

    /// <summary>RFC 8489 §14.8: code 300-699 split into class and number, then a UTF-8 reason phrase.</summary>
    public bool WriteErrorCode(int code, ReadOnlySpan<byte> reason)
    {
        if (code is < 300 or > 699 || reason.Length > 763)
        {
            return Overflow();
        }

        if (!TryReserve(StunAttributeType.ErrorCode, 4 + reason.Length, out Span<byte> value))
        {
            return false;
        }

        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        reason.CopyTo(value[4..]);
        return true;
    }

    /// <summary>
    /// RFC 8489 §14.5: HMAC-SHA1 over everything so far, with the header length already counting this
    /// attribute. For short-term credentials the key is the password bytes (§9.1.1).
    /// </summary>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "RFC 8489 §14.5 mandates HMAC-SHA1 for MESSAGE-INTEGRITY; every WebRTC peer uses it.")]
    public bool WriteMessageIntegrity(ReadOnlySpan<byte> key)
    {
        int prefixLength = _length;
        if (!TryReserve(StunAttributeType.MessageIntegrity, StunConstants.MessageIntegrityLength, out Span<byte> value))
        {
            return false;
        }

        HMACSHA1.HashData(key, _buffer[..prefixLength], value);
        return true;
    }

    /// <summary>RFC 8489 §14.7: CRC-32 of everything before this attribute, XOR 0x5354554e; must be last.</summary>
    public bool WriteFingerprint()
    {
        int prefixLength = _length;
        if (!TryReserve(StunAttributeType.Fingerprint, StunConstants.FingerprintLength, out Span<byte> value))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(value, StunIntegrity.ComputeFingerprint(_buffer, prefixLength));
        return true;
    }

    private bool WriteUInt64(StunAttributeType type, ulong number)
    {
        if (!TryReserve(type, 8, out Span<byte> value))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt64BigEndian(value, number);
        return true;
    }

    /// <summary>Writes the attribute header and zero padding, updates the message length, returns the value slot.</summary>
    private bool TryReserve(StunAttributeType type, int valueLength, out Span<byte> value)
    {
        value = default;
        int padded = (valueLength + 3) & ~3;
        int total = StunConstants.AttributeHeaderLength + padded;
        if (_overflowed || total > _buffer.Length - _length || _length + total - StunConstants.HeaderLength > ushort.MaxValue)
        {
            return Overflow();
        }

        Span<byte> attribute = _buffer.Slice(_length, total);
        BinaryPrimitives.WriteUInt16BigEndian(attribute, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(attribute[2..], (ushort)valueLength);
        attribute[(StunConstants.AttributeHeaderLength + valueLength)..].Clear();
        _length += total;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_length - StunConstants.HeaderLength));
        value = attribute.Slice(StunConstants.AttributeHeaderLength, valueLength);
        return true;
    }

    private bool Overflow()
    {
        _overflowed = true;
        return false;
    }
}
