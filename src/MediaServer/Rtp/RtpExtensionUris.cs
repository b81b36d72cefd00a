namespace Messenger.MediaServer.Rtp;

/// <summary>Header extension URIs as they appear in SDP a=extmap lines (RFC 8285 §5).</summary>
public static class RtpExtensionUris
{
    /// <summary>BUNDLE media id (RFC 8843 §15.2 / RFC 9143).</summary>
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>RtpStreamId, the simulcast layer name (RFC 8852 §3.1).</summary>
    public const string Rid = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>RepairedRtpStreamId, carried by RTX (RFC 8852 §3.2).</summary>
    public const string RepairedRid = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /// <summary>Absolute send time, 6.18 fixed-point seconds (webrtc.org experiment, used by REMB/GCC).</summary>
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>Transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2).</summary>
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>Client-to-mixer audio level (RFC 6464).</summary>
    public const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary>Transmission time offset (RFC 5450).</summary>
    public const string TransmissionOffset = "urn:ietf:params:rtp-hdrext:toffset";

    /// <summary>Coordination of video orientation (3GPP TS 26.114).</summary>
    public const string VideoOrientation = "urn:3gpp:video-orientation";

    public const string PlayoutDelay = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";

    public const string AbsCaptureTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";

    public const string VideoContentType = "http://www.webrtc.org/experiments/rtp-hdrext/video-content-type";

    public const string VideoTiming = "http://www.webrtc.org/experiments/rtp-hdrext/video-timing";

    public const string DependencyDescriptor =
        "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension";
}
