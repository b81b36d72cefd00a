using System.Globalization;
using System.Net;
using Messenger.MediaServer.Rtp;

namespace Messenger.MediaServer.Sdp;

/// <summary>A codec placed in a server offer: payload type, the capability, optional rtx payload type and fmtp.</summary>
public sealed record SdpOfferCodec(int PayloadType, SdpCodecCapability Codec, int? RtxPayloadType = null, string? Fmtp = null);

/// <summary>One section of a server offer. <see cref="Track"/> is null for a section that has nothing to send yet.</summary>
public sealed record SdpOfferMedia(
    string Mid,
    string Kind,
    SdpLocalTrack? Track,
    IReadOnlyList<SdpOfferCodec> Codecs,
    IReadOnlyList<SdpExtmap> Extmaps,
    SdpDirection Direction = SdpDirection.SendOnly)
{
    /// <summary>RID lines for a section the server receives simulcast on (RFC 8851), mirrored from the peer's offer.</summary>
    public IReadOnlyList<SdpRid> Rids { get; init; } = [];

    /// <summary>The a=simulcast line (RFC 8853), from the server's point of view (recv).</summary>
    public SdpSimulcast? Simulcast { get; init; }

    /// <summary>Opus on payload type 111 (the number browsers use) with mid, abs-send-time, TWCC and audio level.</summary>
    public static SdpOfferMedia Audio(string mid, SdpLocalTrack? track) => new(
        mid, "audio", track, [new SdpOfferCodec(111, SdpCapabilities.Opus)],
        [
            new SdpExtmap(1, RtpExtensionUris.Mid),
            new SdpExtmap(2, RtpExtensionUris.AbsSendTime),
            new SdpExtmap(3, RtpExtensionUris.TransportWideCc),
            new SdpExtmap(4, RtpExtensionUris.AudioLevel),
        ]);

    /// <summary>VP8 on payload type 96 with rtx on 97, and mid, abs-send-time and TWCC extensions.</summary>
    public static SdpOfferMedia Video(string mid, SdpLocalTrack? track) => new(
        mid, "video", track, [new SdpOfferCodec(96, SdpCapabilities.Vp8, RtxPayloadType: 97)],
        [
            new SdpExtmap(1, RtpExtensionUris.Mid),
            new SdpExtmap(2, RtpExtensionUris.AbsSendTime),
            new SdpExtmap(3, RtpExtensionUris.TransportWideCc),
        ]);
}

/// <summary>The SFU's transport parameters for offers it makes.</summary>
public sealed class SdpOfferOptions
{
    public required string IceUfrag { get; init; }

    public required string IcePwd { get; init; }

    public required SdpFingerprint Fingerprint { get; init; }

    public IReadOnlyList<IPEndPoint> Candidates { get; init; } = [];

    public string SessionId { get; init; } = "1";

    /// <summary>Increase for every renegotiation of the same session (RFC 8829 §5.2.2).</summary>
    public ulong SessionVersion { get; init; } = 1;
}

/// <summary>
/// Builds server-initiated offers (WHEP without a client offer, room renegotiation): ICE-lite, a=setup:actpass
/// (RFC 8842 §5.2), one BUNDLE group of all sections, rtcp-mux, and a=ssrc/FID lines for the tracks sent.
/// </summary>
public sealed class SdpOfferBuilder
{
    private readonly SdpOfferOptions _options;

    public SdpOfferBuilder(SdpOfferOptions options)
    {
        _options = options;
    }

    public SessionDescription Build(IReadOnlyList<SdpOfferMedia> sections)
    {
        var offer = new SessionDescription
        {
            Origin = new SdpOrigin("-", _options.SessionId, _options.SessionVersion, "IN", "IP4", "127.0.0.1"),
            IceLite = true,
            MsidSemantic = "WMS *",
        };

        var mids = new List<string>(sections.Count);
        foreach (var section in sections)
        {
            offer.Media.Add(BuildMedia(section));
            mids.Add(section.Mid);
        }

        offer.Groups.Add(new SdpGroup("BUNDLE", mids));
        return offer;
    }

    private MediaDescription BuildMedia(SdpOfferMedia section)
    {
        var media = new MediaDescription
        {
            Kind = section.Kind,
            Mid = section.Mid,
            Direction = section.Direction,
            RtcpRsize = true,
        };
        SdpLocalMedia.ApplyTransport(
            media, _options.IceUfrag, _options.IcePwd, _options.Fingerprint, SdpSetupRole.ActPass, _options.Candidates);

        var hasRtx = false;
        foreach (var codec in section.Codecs)
        {
            var pt = codec.PayloadType;
            var capability = codec.Codec;
            media.Formats.Add(pt.ToString(CultureInfo.InvariantCulture));
            media.RtpMaps.Add(new SdpRtpMap(pt, capability.Name, capability.ClockRate, capability.Channels));
            foreach (var kind in capability.Feedback)
            {
                var space = kind.IndexOf(' ', StringComparison.Ordinal);
                media.RtcpFeedback.Add(space < 0
                    ? new SdpRtcpFeedback(pt, kind)
                    : new SdpRtcpFeedback(pt, kind[..space], kind[(space + 1)..]));
            }

            if ((codec.Fmtp ?? capability.DefaultFmtp) is { Length: > 0 } fmtp)
            {
                media.Fmtps.Add(new SdpFmtp(pt, fmtp));
            }

            if (codec.RtxPayloadType is { } rtxPt)
            {
                hasRtx = true;
                media.Formats.Add(rtxPt.ToString(CultureInfo.InvariantCulture));
                media.RtpMaps.Add(new SdpRtpMap(rtxPt, "rtx", capability.ClockRate));
                media.Fmtps.Add(new SdpFmtp(rtxPt, "apt=" + pt.ToString(CultureInfo.InvariantCulture)));
            }
        }

        media.Extmaps.AddRange(section.Extmaps);
        media.Rids.AddRange(section.Rids);
        media.Simulcast = section.Simulcast;
        if (section.Track is not null && section.Direction.CanSend())
        {
            SdpLocalMedia.ApplyTrack(media, section.Track, hasRtx);
        }

        return media;
    }
}
