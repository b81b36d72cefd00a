namespace Messenger.MediaServer.Sdp;

/// <summary>
/// One m= section (RFC 8866 §5.14) with the attributes WebRTC uses (RFC 8829 §5.2) interpreted; the rest is kept
/// in <see cref="Attributes"/> and <see cref="OtherLines"/>.
/// </summary>
public sealed class MediaDescription
{
    /// <summary>"audio", "video", "application", ...</summary>
    public string Kind { get; set; } = "audio";

    /// <summary>Port 0 marks a rejected section (RFC 3264 §6) unless a=bundle-only is present (RFC 8843 §6).</summary>
    public int Port { get; set; } = 9;

    /// <summary>Optional "/&lt;number of ports&gt;" suffix of the port field.</summary>
    public int? PortCount { get; set; }

    /// <summary>"UDP/TLS/RTP/SAVPF" for WebRTC media (RFC 5764 §8, RFC 8829 §5.1.2).</summary>
    public string Protocol { get; set; } = "UDP/TLS/RTP/SAVPF";

    /// <summary>Format list as written: payload type numbers for RTP, "webrtc-datachannel" for SCTP.</summary>
    public List<string> Formats { get; } = [];

    public SdpConnection? Connection { get; set; }

    public string? Mid { get; set; }

    public SdpDirection Direction { get; set; } = SdpDirection.SendRecv;

    public bool RtcpMux { get; set; }

    public bool RtcpRsize { get; set; }

    public bool BundleOnly { get; set; }

    public string? IceUfrag { get; set; }

    public string? IcePwd { get; set; }

    public List<string> IceOptions { get; } = [];

    public List<SdpFingerprint> Fingerprints { get; } = [];

    public SdpSetupRole? Setup { get; set; }

    public List<SdpCandidate> Candidates { get; } = [];

    public bool EndOfCandidates { get; set; }

    public List<SdpRtpMap> RtpMaps { get; } = [];

    public List<SdpFmtp> Fmtps { get; } = [];

    public List<SdpRtcpFeedback> RtcpFeedback { get; } = [];

    public List<SdpExtmap> Extmaps { get; } = [];

    public SdpMsid? Msid { get; set; }

    public List<SdpSsrcAttribute> Ssrcs { get; } = [];

    public List<SdpSsrcGroup> SsrcGroups { get; } = [];

    public List<SdpRid> Rids { get; } = [];

    public SdpSimulcast? Simulcast { get; set; }

    public List<SdpAttribute> Attributes { get; } = [];

    /// <summary>Media-level lines other than c= and a= (i=, b=, k=).</summary>
    public List<SdpLine> OtherLines { get; } = [];

    /// <summary>True for a section the answer (or offer) turned down: port 0 without bundle-only.</summary>
    public bool IsRejected => Port == 0 && !BundleOnly;

    public SdpRtpMap? FindRtpMap(int payloadType)
    {
        foreach (var map in RtpMaps)
        {
            if (map.PayloadType == payloadType)
            {
                return map;
            }
        }

        return null;
    }

    public SdpFmtp? FindFmtp(int payloadType)
    {
        foreach (var fmtp in Fmtps)
        {
            if (fmtp.PayloadType == payloadType)
            {
                return fmtp;
            }
        }

        return null;
    }

    /// <summary>Feedback lines for this payload type, including "*" wildcard ones (RFC 4585 §4.2).</summary>
    public List<SdpRtcpFeedback> FeedbackFor(int payloadType)
    {
        var result = new List<SdpRtcpFeedback>();
        foreach (var feedback in RtcpFeedback)
        {
            if (feedback.PayloadType is null || feedback.PayloadType == payloadType)
            {
                result.Add(feedback);
            }
        }

        return result;
    }

    /// <summary>Unknown attribute by name (first occurrence), e.g. "rtcp" or "max-message-size".</summary>
    public SdpAttribute? FindAttribute(string name)
    {
        foreach (var attribute in Attributes)
        {
            if (string.Equals(attribute.Name, name, StringComparison.Ordinal))
            {
                return attribute;
            }
        }

        return null;
    }
}
