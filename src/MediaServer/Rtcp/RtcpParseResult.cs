namespace Messenger.MediaServer.Rtcp;

/// <summary>Outcome of RTCP parsing; anything but <see cref="Ok"/> means ignore the packet.</summary>
public enum RtcpParseResult
{
    Ok = 0,

    /// <summary>Fewer bytes than the header or than the declared length (RFC 3550 §6.4.1 length field).</summary>
    TooShort,

    /// <summary>Version is not 2 (RFC 3550 §A.2).</summary>
    BadVersion,

    /// <summary>The length field disagrees with the content (e.g. report count × 24 exceeds it).</summary>
    BadLength,

    /// <summary>Padding count is zero, too large, or padding is not on the last packet of a compound (§A.2).</summary>
    BadPadding,

    /// <summary>The packet type or FMT is not what this reader handles.</summary>
    WrongType,

    /// <summary>The body is structurally invalid (e.g. an SDES item crossing the end, missing REMB tag).</summary>
    Malformed,
}
