namespace Messenger.MediaServer.Sdp;

/// <summary>
/// A codec the SFU can forward. <see cref="Feedback"/> lists the rtcp-fb kinds ("nack", "nack pli", ...) the SFU
/// handles for it; <see cref="DefaultFmtp"/> is used when the offer has no fmtp of its own; <see cref="Rtx"/> says
/// whether a retransmission stream (RFC 4588) is accepted alongside it.
/// </summary>
public sealed record SdpCodecCapability(
    string Kind,
    string Name,
    int ClockRate,
    int? Channels,
    IReadOnlyList<string> Feedback,
    string? DefaultFmtp = null,
    bool Rtx = false)
{
    /// <summary>True when an offered a=rtpmap describes this codec (names compare case-insensitively, RFC 4855 §3).</summary>
    public bool Matches(SdpRtpMap map) =>
        string.Equals(map.EncodingName, Name, StringComparison.OrdinalIgnoreCase)
        && map.ClockRate == ClockRate
        && (Channels ?? 1) == (map.Channels ?? 1);
}

/// <summary>The header extension URIs the SFU understands (RFC 8285 registry names).</summary>
public static class RtpExtensionUris
{
    /// <summary>RFC 9143 §15 (BUNDLE demultiplexing by mid).</summary>
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>RFC 8852 §3.1 (RtpStreamId, simulcast layer id).</summary>
    public const string Rid = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>RFC 8852 §3.2 (RepairedRtpStreamId, carried on rtx packets).</summary>
    public const string RepairedRid = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>RFC 6464.</summary>
    public const string SsrcAudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
}

/// <summary>What the SFU supports out of the box: Opus and VP8 (+rtx) with the usual feedback and extensions.</summary>
public static class SdpCapabilities
{
    /// <summary>Opus (RFC 7587 §7): always 48000/2 in SDP; in-band FEC is worth keeping for lossy uplinks.</summary>
    public static SdpCodecCapability Opus { get; } =
        new("audio", "opus", 48000, 2, ["transport-cc"], "minptime=10;useinbandfec=1");

    /// <summary>VP8 (RFC 7741) with NACK/PLI/FIR for loss recovery and REMB/TWCC for bandwidth estimation.</summary>
    public static SdpCodecCapability Vp8 { get; } =
        new("video", "VP8", 90000, null, ["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"], Rtx: true);

    public static IReadOnlyList<SdpCodecCapability> DefaultCodecs { get; } = [Opus, Vp8];

    public static IReadOnlyList<string> DefaultHeaderExtensions { get; } =
    [
        RtpExtensionUris.Mid,
        RtpExtensionUris.Rid,
        RtpExtensionUris.RepairedRid,
        RtpExtensionUris.AbsSendTime,
        RtpExtensionUris.TransportWideCc,
        RtpExtensionUris.SsrcAudioLevel,
    ];
}
