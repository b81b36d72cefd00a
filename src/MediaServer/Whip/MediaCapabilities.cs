using Messenger.MediaServer.Sdp;

namespace Messenger.MediaServer.Whip;

/// <summary>
/// What the SFU negotiates today. Transport-wide congestion control is left out until the send-side estimator
/// (issue #4) answers it: a browser that negotiated transport-cc and gets no feedback holds its bitrate down, while
/// with goog-remb it follows the REMB the server sends.
/// </summary>
public static class MediaCapabilities
{
    public static IReadOnlyList<SdpCodecCapability> Codecs { get; } =
    [
        SdpCapabilities.Opus with { Feedback = [] },
        SdpCapabilities.Vp8 with { Feedback = ["goog-remb", "ccm fir", "nack", "nack pli"] },
    ];

    public static IReadOnlyList<string> HeaderExtensions { get; } =
    [
        RtpExtensionUris.Mid,
        RtpExtensionUris.Rid,
        RtpExtensionUris.RepairedRid,
        RtpExtensionUris.AbsSendTime,
        RtpExtensionUris.SsrcAudioLevel,
    ];

    /// <summary>Extensions that name the publisher's own streams, so they are never relayed to subscribers.</summary>
    public static IReadOnlySet<string> PublisherOnlyExtensions { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        RtpExtensionUris.Mid,
        RtpExtensionUris.Rid,
        RtpExtensionUris.RepairedRid,
    };
}
