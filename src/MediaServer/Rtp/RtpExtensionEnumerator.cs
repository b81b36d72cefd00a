namespace Messenger.MediaServer.Rtp;

/// <summary>One header extension element: its local id and its value bytes.</summary>
public readonly ref struct RtpExtensionElement
{
    public RtpExtensionElement(byte id, ReadOnlySpan<byte> value)
    {
        Id = id;
        Value = value;
    }

    public byte Id { get; }

    public ReadOnlySpan<byte> Value { get; }
}

/// <summary>
/// Walks RFC 8285 header extension elements. Supports the one-byte form (profile 0xBEDE, §4.2) and the
/// two-byte form (profile 0x100X, §4.3). Malformed elements end the walk rather than throw: the packet is
/// still forwardable, we just cannot read its extensions.
/// </summary>
public ref struct RtpExtensionEnumerator
{
    public const ushort OneByteProfile = 0xBEDE;
    public const ushort TwoByteProfile = 0x1000;
    private const ushort TwoByteProfileMask = 0xFFF0;

    private readonly ReadOnlySpan<byte> _data;
    private readonly bool _oneByte;
    private int _position;
    private RtpExtensionElement _current;

    public RtpExtensionEnumerator(ushort profile, ReadOnlySpan<byte> data)
    {
        _oneByte = profile == OneByteProfile;
        // Unknown profiles (RFC 3550 §5.3.1 allows any) carry nothing we can interpret: iterate zero elements.
        _data = _oneByte || IsTwoByteProfile(profile) ? data : default;
        _position = 0;
        _current = default;
    }

    public static bool IsTwoByteProfile(ushort profile) => (profile & TwoByteProfileMask) == TwoByteProfile;

    public readonly RtpExtensionElement Current => _current;

    public readonly RtpExtensionEnumerator GetEnumerator() => this;

    /// <summary>Offset of the current value inside the extension data (valid after a true MoveNext).</summary>
    internal int CurrentOffset { get; private set; }

    public bool MoveNext()
    {
        var data = _data;
        while (_position < data.Length)
        {
            var b = data[_position];
            if (b == 0)
            {
                // RFC 8285 §4.1: padding bytes between elements have the value 0 and are skipped.
                _position++;
                continue;
            }

            byte id;
            int length;
            if (_oneByte)
            {
                id = (byte)(b >> 4);
                if (id == 15)
                {
                    // RFC 8285 §4.2: id 15 is reserved; "processing of the header extension stops".
                    _position = data.Length;
                    return false;
                }

                length = (b & 0x0F) + 1;
                _position++;
            }
            else
            {
                if (_position + 2 > data.Length)
                {
                    _position = data.Length;
                    return false;
                }

                id = b;
                length = data[_position + 1];
                _position += 2;
            }

            if (_position + length > data.Length)
            {
                _position = data.Length;
                return false;
            }

            CurrentOffset = _position;
            _current = new RtpExtensionElement(id, data.Slice(_position, length));
            _position += length;
            return true;
        }

        return false;
    }

    /// <summary>Locates element <paramref name="id"/>; offset is relative to <paramref name="data"/>.</summary>
    public static bool TryFind(ushort profile, ReadOnlySpan<byte> data, byte id, out int offset, out int length)
    {
        var walker = new RtpExtensionEnumerator(profile, data);
        while (walker.MoveNext())
        {
            if (walker.Current.Id == id)
            {
                offset = walker.CurrentOffset;
                length = walker.Current.Value.Length;
                return true;
            }
        }

        offset = 0;
        length = 0;
        return false;
    }
}
