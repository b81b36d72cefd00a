using System.Buffers.Binary;
using System.Security.Cryptography;
using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Stun;

/// <summary>
/// A STUN message read in place (RFC 8489 §5, §14). <see cref="TryParse"/> checks the header and walks the
/// attribute list once, so every accessor afterwards works on bounds that are known to be good.
/// Integrity and fingerprint are checked separately by <see cref="ValidateFingerprint"/> and
/// <see cref="ValidateMessageIntegrity"/>, because only the caller knows the key.
/// </summary>
public readonly ref struct StunMessage
{
    private const int NotPresent = -1;

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _integrityOffset;
    private readonly int _fingerprintOffset;

    private StunMessage(ReadOnlySpan<byte> buffer, int integrityOffset, int fingerprintOffset)
    {
        _buffer = buffer;
        _integrityOffset = integrityOffset;
        _fingerprintOffset = fingerprintOffset;
    }

    /// <summary>The whole message, header included.</summary>
    public ReadOnlySpan<byte> Raw => _buffer;

    public ushort MessageType => BinaryPrimitives.ReadUInt16BigEndian(_buffer);

    public StunMessageClass Class => StunMessageType.GetClass(MessageType);

    public StunMethod Method => StunMessageType.GetMethod(MessageType);

    public bool IsBindingRequest => MessageType == StunMessageType.BindingRequest;

    public ReadOnlySpan<byte> TransactionIdBytes => _buffer.Slice(8, StunConstants.TransactionIdLength);

    public StunTransactionId TransactionId => StunTransactionId.Read(TransactionIdBytes);

    public bool HasMessageIntegrity => _integrityOffset != NotPresent;

    public bool HasFingerprint => _fingerprintOffset != NotPresent;

    /// <summary>Every attribute in wire order, including MESSAGE-INTEGRITY and FINGERPRINT.</summary>
    public StunAttributeEnumerator Attributes => new(_buffer[StunConstants.HeaderLength..]);

    /// <summary>
    /// Cheap test on the first bytes, for demultiplexing: top two bits zero and the magic cookie present.
    /// </summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= StunConstants.HeaderLength
        && (datagram[0] & 0xC0) == 0
        && BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == StunConstants.MagicCookie;

    /// <summary>Parses the header and checks every attribute's bounds. Never throws.</summary>
    public static StunParseResult TryParse(ReadOnlySpan<byte> datagram, out StunMessage message)
    {
        message = default;
        if (datagram.Length < StunConstants.HeaderLength)
        {
            return StunParseResult.TooShort;
        }

        if ((datagram[0] & 0xC0) != 0)
        {
            return StunParseResult.NotStun;
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) != StunConstants.MagicCookie)
        {
            return StunParseResult.BadMagicCookie;
        }

        // RFC 8489 §5: the length excludes the header, is a multiple of 4, and over UDP the datagram holds
        // exactly one message.
        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if ((length & 3) != 0 || length != datagram.Length - StunConstants.HeaderLength)
        {
            return StunParseResult.BadLength;
        }

        int integrityOffset = NotPresent;
        int fingerprintOffset = NotPresent;
        int offset = StunConstants.HeaderLength;
        int end = datagram.Length;
        while (offset < end)
        {
            if (end - offset < StunConstants.AttributeHeaderLength)
            {
                return StunParseResult.BadAttributeLength;
            }

            if (fingerprintOffset != NotPresent)
            {
                return StunParseResult.BadAttributeOrder;
            }

            var type = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(datagram[offset..]);
            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 2)..]);
            int paddedLength = (valueLength + 3) & ~3;
            if (paddedLength > end - offset - StunConstants.AttributeHeaderLength)
            {
                return StunParseResult.BadAttributeLength;
            }

            if (type == StunAttributeType.MessageIntegrity)
            {
                if (valueLength != StunConstants.MessageIntegrityLength)
                {
                    return StunParseResult.BadAttributeLength;
                }

                // RFC 8489 §14.5: anything after the first MESSAGE-INTEGRITY except FINGERPRINT is ignored.
                if (integrityOffset == NotPresent)
                {
                    integrityOffset = offset;
                }
            }
            else if (type == StunAttributeType.Fingerprint)
            {
                if (valueLength != StunConstants.FingerprintLength)
                {
                    return StunParseResult.BadAttributeLength;
                }

                fingerprintOffset = offset;
            }

            offset += StunConstants.AttributeHeaderLength + paddedLength;
        }

        message = new StunMessage(datagram, integrityOffset, fingerprintOffset);
        return StunParseResult.Ok;
    }

    /// <summary>
    /// Finds the first attribute of a type. Attributes after MESSAGE-INTEGRITY are not covered by the HMAC,
    /// so only MESSAGE-INTEGRITY and FINGERPRINT themselves are looked for past it (RFC 8489 §14.5).
    /// </summary>
    public bool TryGetAttribute(StunAttributeType type, out ReadOnlySpan<byte> value)
    {
        int limit = _integrityOffset == NotPresent || type is StunAttributeType.MessageIntegrity or StunAttributeType.Fingerprint
            ? _buffer.Length
            : _integrityOffset;
        int offset = StunConstants.HeaderLength;
        while (offset < limit)
        {
            var current = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(_buffer[offset..]);
            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(_buffer[(offset + 2)..]);
            if (current == type)
            {
                value = _buffer.Slice(offset + StunConstants.AttributeHeaderLength, valueLength);
                return true;
            }

            offset += StunConstants.AttributeHeaderLength + ((valueLength + 3) & ~3);
        }

        value = default;
        return false;
    }

    public bool TryGetUsername(out ReadOnlySpan<byte> username) =>
        TryGetAttribute(StunAttributeType.Username, out username) && username.Length <= StunConstants.MaxUsernameLength;

    /// <summary>RFC 8445 §16.1: PRIORITY is a 32-bit value.</summary>
    public bool TryGetPriority(out uint priority) => TryGetUInt32(StunAttributeType.Priority, out priority);

    /// <summary>RFC 8445 §16.1: USE-CANDIDATE has no value.</summary>
    public bool HasUseCandidate => TryGetAttribute(StunAttributeType.UseCandidate, out _);

    /// <summary>RFC 8445 §16.1: a 64-bit tie-breaker.</summary>
    public bool TryGetIceControlling(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlling, out tieBreaker);

    public bool TryGetIceControlled(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlled, out tieBreaker);

    /// <summary>RFC 8489 §14.2: port XOR the cookie's top half; address XOR cookie (IPv4) or cookie+transaction id (IPv6).</summary>
    public bool TryGetXorMappedAddress(out TransportAddress address)
    {
        address = default;
        if (!TryGetAttribute(StunAttributeType.XorMappedAddress, out ReadOnlySpan<byte> value) || value.Length < 8)
        {
            return false;
        }

        ushort port = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (StunConstants.MagicCookie >> 16));
        switch (value[1])
        {
            case StunAddressFamily.IPv4 when value.Length == 8:
                uint ip = BinaryPrimitives.ReadUInt32BigEndian(value[4..]) ^ StunConstants.MagicCookie;
                address = TransportAddress.FromIPv4(ip, port);
                return true;
            case StunAddressFamily.IPv6 when value.Length == 20:
                Span<byte> bytes = stackalloc byte[16];
                ReadOnlySpan<byte> mask = _buffer.Slice(4, 16); // cookie followed by the transaction id
                for (int i = 0; i < 16; i++)
                {
                    bytes[i] = (byte)(value[4 + i] ^ mask[i]);
                }

                return TransportAddress.TryCreate(bytes, port, out address);
            default:
                return false;
        }
    }

    /// <summary>RFC 8489 §14.8: class in the low 3 bits of byte 2, number (0-99) in byte 3, then a UTF-8 reason.</summary>
    public bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason)
    {
        code = 0;
        reason = default;
        if (!TryGetAttribute(StunAttributeType.ErrorCode, out ReadOnlySpan<byte> value) || value.Length < 4)
        {
            return false;
        }

        int errorClass = value[2] & 0x7;
        int number = value[3];
        if (errorClass is < 3 or > 6 || number > 99)
        {
            return false;
        }

        code = (errorClass * 100) + number;
        reason = value[4..];
        return true;
    }

    /// <summary>RFC 8489 §14.7. Returns Ok, MissingFingerprint or BadFingerprint.</summary>
    public StunParseResult ValidateFingerprint()
    {
        if (_fingerprintOffset == NotPresent)
        {
            return StunParseResult.MissingFingerprint;
        }

        uint expected = StunIntegrity.ComputeFingerprint(_buffer, _fingerprintOffset);
        uint actual = BinaryPrimitives.ReadUInt32BigEndian(_buffer[(_fingerprintOffset + StunConstants.AttributeHeaderLength)..]);
        return expected == actual ? StunParseResult.Ok : StunParseResult.BadFingerprint;
    }

    /// <summary>
    /// RFC 8489 §14.5 with the short-term credential key (the password bytes, §9.1.1). Returns Ok,
    /// MissingIntegrity or BadIntegrity. The comparison is constant-time.
    /// </summary>
    public StunParseResult ValidateMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (_integrityOffset == NotPresent)
        {
            return StunParseResult.MissingIntegrity;
        }

        Span<byte> expected = stackalloc byte[StunConstants.MessageIntegrityLength];
        StunIntegrity.ComputeHmac(_buffer, _integrityOffset, key, expected);
        ReadOnlySpan<byte> actual = _buffer.Slice(_integrityOffset + StunConstants.AttributeHeaderLength, StunConstants.MessageIntegrityLength);
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? StunParseResult.Ok : StunParseResult.BadIntegrity;
    }

    private bool TryGetUInt32(StunAttributeType type, out uint result)
    {
        if (TryGetAttribute(type, out ReadOnlySpan<byte> value) && value.Length == 4)
        {
            result = BinaryPrimitives.ReadUInt32BigEndian(value);
            return true;
        }

        result = 0;
        return false;
    }

    private bool TryGetUInt64(StunAttributeType type, out ulong result)
    {
        if (TryGetAttribute(type, out ReadOnlySpan<byte> value) && value.Length == 8)
        {
            result = BinaryPrimitives.ReadUInt64BigEndian(value);
            return true;
        }

        result = 0;
        return false;
    }
}
