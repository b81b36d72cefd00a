namespace Messenger.MediaServer.Rtcp;

/// <summary>One packet of a compound datagram as yielded by <see cref="RtcpCompoundReader"/>.</summary>
public readonly ref struct RtcpPacketView
{
    public RtcpPacketView(RtcpHeader header, ReadOnlySpan<byte> packet)
    {
        Header = header;
        Packet = packet;
    }

    public RtcpHeader Header { get; }

    /// <summary>The whole packet, header and padding included: what the typed readers take.</summary>
    public ReadOnlySpan<byte> Packet { get; }

    public byte PacketType => Header.PacketType;

    /// <summary>Count (RC/SC) or FMT for feedback packets.</summary>
    public byte Count => Header.Count;
}

/// <summary>
/// Iterates the packets of a compound RTCP datagram (RFC 3550 §6.1) without copying, checking each header as in
/// §A.2: version 2, every length within the datagram, padding only on the last packet, lengths summing to the
/// datagram size. Unlike §A.2 it does not insist that the first packet is SR/RR: reduced-size RTCP
/// (RFC 5506), used by browsers for feedback, sends NACK/PLI/TWCC alone.
/// On failure MoveNext returns false and <see cref="Result"/> says why; packets already yielded stay valid.
/// </summary>
public ref struct RtcpCompoundReader
{
    private ReadOnlySpan<byte> _remaining;
    private RtcpPacketView _current;

    public RtcpCompoundReader(ReadOnlySpan<byte> datagram)
    {
        _remaining = datagram;
        _current = default;
        Result = datagram.IsEmpty ? RtcpParseResult.TooShort : RtcpParseResult.Ok;
    }

    /// <summary>Ok while iterating and after a clean end; the failure reason otherwise.</summary>
    public RtcpParseResult Result { get; private set; }

    public readonly RtcpPacketView Current => _current;

    public readonly RtcpCompoundReader GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_remaining.IsEmpty || Result != RtcpParseResult.Ok)
        {
            return false;
        }

        var result = RtcpHeader.TryValidate(_remaining, out var header);
        if (result == RtcpParseResult.Ok && header.HasPadding && header.PacketLength != _remaining.Length)
        {
            result = RtcpParseResult.BadPadding;
        }

        if (result != RtcpParseResult.Ok)
        {
            Result = result;
            _remaining = default;
            return false;
        }

        var length = header.PacketLength;
        _current = new RtcpPacketView(header, _remaining.Slice(0, length));
        _remaining = _remaining.Slice(length);
        return true;
    }

    /// <summary>Walks the whole datagram and reports the first problem, or Ok.</summary>
    public static RtcpParseResult Validate(ReadOnlySpan<byte> datagram)
    {
        var reader = new RtcpCompoundReader(datagram);
        while (reader.MoveNext())
        {
        }

        return reader.Result;
    }
}
