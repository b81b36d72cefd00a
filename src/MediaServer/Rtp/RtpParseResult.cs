namespace Messenger.MediaServer.Rtp;

/// <summary>Outcome of <see cref="RtpPacket.TryParse"/>; anything but <see cref="Ok"/> means drop the packet.</summary>
public enum RtpParseResult
{
    Ok = 0,

    /// <summary>Shorter than the 12-byte fixed header (RFC 3550 §5.1).</summary>
    TooShort,

    /// <summary>Version field is not 2.</summary>
    BadVersion,

    /// <summary>The CSRC list (CC × 4 bytes) runs past the end of the packet.</summary>
    BadCsrcCount,

    /// <summary>The header extension (RFC 3550 §5.3.1) runs past the end of the packet.</summary>
    BadExtensionLength,

    /// <summary>P bit set but the padding count is zero or larger than what remains (RFC 3550 §5.1).</summary>
    BadPadding,
}
