using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Messenger.MediaServer.Stun;

/// <summary>The 96-bit transaction id (RFC 8489 §5) as a value, so clients can match responses without arrays.</summary>
public readonly struct StunTransactionId : IEquatable<StunTransactionId>
{
    private readonly ulong _high;
    private readonly uint _low;

    private StunTransactionId(ulong high, uint low)
    {
        _high = high;
        _low = low;
    }

    /// <summary>RFC 8489 §6: a transaction id must be uniformly and cryptographically random.</summary>
    public static StunTransactionId NewRandom()
    {
        Span<byte> bytes = stackalloc byte[StunConstants.TransactionIdLength];
        RandomNumberGenerator.Fill(bytes);
        return Read(bytes);
    }

    /// <summary>Reads 12 bytes; the caller guarantees the length.</summary>
    public static StunTransactionId Read(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]));

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], _low);
    }

    public bool Equals(StunTransactionId other) => _high == other._high && _low == other._low;

    public override bool Equals(object? obj) => obj is StunTransactionId other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_high, _low);

    public static bool operator ==(StunTransactionId left, StunTransactionId right) => left.Equals(right);

    public static bool operator !=(StunTransactionId left, StunTransactionId right) => !left.Equals(right);

    public override string ToString() => $"{_high:x16}{_low:x8}";
}
