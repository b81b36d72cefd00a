namespace Messenger.MediaServer.Sdp;

/// <summary>What kind of problem an <see cref="SdpError"/> reports, for callers that branch on it.</summary>
public enum SdpErrorCode
{
    /// <summary>A line or attribute value does not follow the RFC 8866 grammar (or the grammar of its own RFC).</summary>
    Syntax,

    /// <summary>A line the grammar requires (v=, o=, s=, t=) is absent.</summary>
    MissingLine,

    /// <summary>An attribute the negotiation needs (fingerprint, ice-ufrag, rtcp-mux, mid, ...) is absent.</summary>
    MissingAttribute,

    /// <summary>The offer carries no codec the SFU can forward.</summary>
    NoSupportedCodec,

    /// <summary>The offer is well formed but asks for something the SFU does not do (e.g. no BUNDLE with several sections).</summary>
    Unsupported,
}

/// <summary>
/// A parse or negotiation failure returned as a value. <see cref="Field"/> names the SDP line type or attribute
/// ("m=", "a=rtpmap", "a=fingerprint") and <see cref="Line"/> is the 1-based line number, or 0 when the problem is
/// an absence rather than a bad line.
/// </summary>
public sealed record SdpError(SdpErrorCode Code, string Field, string Message, int Line = 0)
{
    public override string ToString() => Line > 0 ? $"line {Line}: {Message}" : Message;
}
