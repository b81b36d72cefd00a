using Messenger.MediaServer.Rtp;

namespace Messenger.MediaServer.Sdp;

/// <summary>
/// A codec the SFU can forward. <see cref="Feedback"/> lists the rtcp-fb kinds ("nack", "nack pli", ...) the SFU
/// handles for it; <see cref="DefaultFmtp"/> is used when the offer has no fmtp of its own; <see cref="Rtx"/> says
/// whether a retransmission stream (RFC 4588) is accepted alongside it; <see cref="Red"/> whether redundant audio
/// wrapping it (RFC 2198 "red" naming this codec in its fmtp) is.
/// </summary>
public sealed record SdpCodecCapability(
    string Kind,
    string Name,
    int ClockRate,
    int? Channels,
    IReadOnlyList<string> Feedback,
    string? DefaultFmtp = null,
    bool Rtx = false,
    bool Red = false)
{
    /// <summary>True when an offered a=rtpmap describes this codec (names compare case-insensitively, RFC 4855 §3).</summary>
    public bool Matches(SdpRtpMap map) =>
        string.Equals(map.EncodingName, Name, StringComparison.OrdinalIgnoreCase)
        && map.ClockRate == ClockRate
        && (Channels ?? 1) == (map.Channels ?? 1);
}

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
        RtpExtensionUris.AudioLevel,
    ];
}
