using Messenger.MediaServer.Sdp;
using Messenger.MediaServer.Rtp;

namespace Messenger.MediaServer.Whip;

/// <summary>
/// What the SFU negotiates. Transport-wide congestion control runs both ways: we send transport-cc feedback to
/// publishers so their own estimators ramp up, and subscribers' feedback drives our send-side estimate; REMB stays
/// as the fallback for peers without it. RED (RFC 2198) is accepted around Opus: it is relayed to subscribers that
/// negotiated it and unwrapped to the primary Opus block for those that did not.
/// </summary>
public static class MediaCapabilities
{
    public static IReadOnlyList<SdpCodecCapability> Codecs { get; } =
    [
        SdpCapabilities.Opus with { Feedback = ["transport-cc"], Red = true },
        SdpCapabilities.Vp8 with { Feedback = ["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"] },
    ];

    /// <summary>
    /// How this node answers an offer, for WHIP/WHEP and the room hub alike: its ICE-lite credentials for the
    /// session, its certificate and candidates, these codecs and extensions, and a sendrecv offer answered recvonly.
    /// </summary>
    public static SdpAnswerer Answerer(
        Hosting.MediaNode node, string iceUfrag, string icePwd, IReadOnlyDictionary<string, SdpLocalTrack> localTracks,
        string sessionId, ulong sessionVersion) =>
        new(new SdpAnswererOptions
        {
            IceUfrag = iceUfrag,
            IcePwd = icePwd,
            Fingerprint = node.Fingerprint,
            Candidates = node.Transport.AnnouncedEndPoints,
            Codecs = Codecs,
            HeaderExtensions = HeaderExtensions,
            LocalTracks = localTracks,
            SendRecvAnswer = SdpDirection.RecvOnly,
            SessionId = sessionId,
            SessionVersion = sessionVersion,
        });

    public static IReadOnlyList<string> HeaderExtensions { get; } =
    [
        RtpExtensionUris.Mid,
        RtpExtensionUris.Rid,
        RtpExtensionUris.RepairedRid,
        RtpExtensionUris.AbsSendTime,
        RtpExtensionUris.TransportWideCc,
        RtpExtensionUris.AudioLevel,
    ];

    /// <summary>Extensions that name the publisher's own streams, so they are never relayed to subscribers.</summary>
    public static IReadOnlySet<string> PublisherOnlyExtensions { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        RtpExtensionUris.Mid,
        RtpExtensionUris.Rid,
        RtpExtensionUris.RepairedRid,
    };
}
