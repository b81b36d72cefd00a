using System.Buffers.Binary;

namespace Messenger.MediaServer.Stun;

/// <summary>One attribute as a view over the message bytes (value without padding).</summary>
public readonly ref struct StunAttribute
{
    public StunAttribute(StunAttributeType type, ReadOnlySpan<byte> value)
    {
        Type = type;
        Value = value;
    }

    public StunAttributeType Type { get; }

    public ReadOnlySpan<byte> Value { get; }
}

/// <summary>
/// Walks attributes of a message that <see cref="StunMessage.TryParse"/> accepted, so bounds are already
/// known to be good; it still stops rather than reading past the end.
/// </summary>
public ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _attributes;
    private int _next;
    private StunAttribute _current;

    internal StunAttributeEnumerator(ReadOnlySpan<byte> attributes)
    {
        _attributes = attributes;
        _next = 0;
        _current = default;
    }

    public readonly StunAttribute Current => _current;

    public readonly StunAttributeEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_attributes.Length - _next < StunConstants.AttributeHeaderLength)
        {
            return false;
        }

        var type = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(_attributes[_next..]);
        int length = BinaryPrimitives.ReadUInt16BigEndian(_attributes[(_next + 2)..]);
        int valueStart = _next + StunConstants.AttributeHeaderLength;
        if (length > _attributes.Length - valueStart)
        {
            return false;
        }

        _current = new StunAttribute(type, _attributes.Slice(valueStart, length));
        _next = valueStart + ((length + 3) & ~3);
        return true;
    }
}
