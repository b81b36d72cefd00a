namespace Messenger.MediaServer.Sdp;

/// <summary>
/// A parsed SDP session description (RFC 8866) with the session-level attributes WebRTC uses interpreted and
/// everything else kept in <see cref="Attributes"/> / <see cref="OtherLines"/> so it can be written back out.
/// Signalling-path only, so plain lists are fine here.
/// </summary>
public sealed class SessionDescription
{
    public SdpOrigin Origin { get; set; } = new("-", "0", 0, "IN", "IP4", "127.0.0.1");

    public string SessionName { get; set; } = "-";

    public SdpTiming Timing { get; set; }

    public SdpConnection? Connection { get; set; }

    /// <summary>a=group lines (RFC 5888); the BUNDLE one is also reachable through <see cref="BundleGroup"/>.</summary>
    public List<SdpGroup> Groups { get; } = [];

    /// <summary>a=ice-lite (RFC 8839 §5.3): the SFU sets it; a browser never does.</summary>
    public bool IceLite { get; set; }

    public string? IceUfrag { get; set; }

    public string? IcePwd { get; set; }

    /// <summary>a=ice-options tokens such as "trickle" (RFC 8840 §4.1.1).</summary>
    public List<string> IceOptions { get; } = [];

    /// <summary>a=fingerprint lines; RFC 8122 §5 allows several with different hash functions.</summary>
    public List<SdpFingerprint> Fingerprints { get; } = [];

    public SdpSetupRole? Setup { get; set; }

    /// <summary>a=extmap-allow-mixed (RFC 8285 §6): one-byte and two-byte header extensions may be mixed.</summary>
    public bool ExtmapAllowMixed { get; set; }

    /// <summary>a=msid-semantic value as written, e.g. "WMS" or "WMS *" (legacy Chrome/Firefox attribute).</summary>
    public string? MsidSemantic { get; set; }

    /// <summary>Session-level attributes the parser does not interpret, in their original order.</summary>
    public List<SdpAttribute> Attributes { get; } = [];

    /// <summary>Session-level lines other than v/o/s/t/c/m/a (i=, u=, e=, p=, b=, r=, z=, k=).</summary>
    public List<SdpLine> OtherLines { get; } = [];

    public List<MediaDescription> Media { get; } = [];

    /// <summary>The first a=group:BUNDLE, or null (RFC 8843 §7.1).</summary>
    public SdpGroup? BundleGroup
    {
        get
        {
            foreach (var group in Groups)
            {
                if (string.Equals(group.Semantics, "BUNDLE", StringComparison.OrdinalIgnoreCase))
                {
                    return group;
                }
            }

            return null;
        }
    }

    /// <summary>The media section with this mid, or null.</summary>
    public MediaDescription? FindMedia(string mid)
    {
        foreach (var media in Media)
        {
            if (string.Equals(media.Mid, mid, StringComparison.Ordinal))
            {
                return media;
            }
        }

        return null;
    }

    /// <summary>The description as SDP text with CRLF line ends (RFC 8866 §5).</summary>
    public override string ToString() => SdpWriter.Write(this);
}
