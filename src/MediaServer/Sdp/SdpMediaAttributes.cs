namespace Messenger.MediaServer.Sdp;

/// <summary>
/// Interprets media-level a= lines (RFC 8829 §5.8 lists the ones JSEP produces); unknown ones are kept verbatim.
/// </summary>
internal static class SdpMediaAttributes
{
    public static bool TryApply(MediaDescription media, string name, string? value, out string? problem)
    {
        problem = null;
        switch (name)
        {
            case "mid":
                media.Mid = SdpSessionAttributes.Required(value, out problem);
                return problem is null;
            case "sendrecv" or "sendonly" or "recvonly" or "inactive" when SdpTokens.TryParseDirection(name, out var direction):
                media.Direction = direction;
                return true;
            case "rtcp-mux":
                media.RtcpMux = true;
                return true;
            case "rtcp-rsize":
                media.RtcpRsize = true;
                return true;
            case "bundle-only":
                media.BundleOnly = true;
                return true;
            case "end-of-candidates":
                media.EndOfCandidates = true;
                return true;
            case "ice-ufrag":
                media.IceUfrag = SdpSessionAttributes.Required(value, out problem);
                return problem is null;
            case "ice-pwd":
                media.IcePwd = SdpSessionAttributes.Required(value, out problem);
                return problem is null;
            case "ice-options":
                media.IceOptions.AddRange(SdpSessionAttributes.SplitTokens(value));
                return true;
            case "fingerprint":
                return SdpSessionAttributes.TryAddFingerprint(media.Fingerprints, value, out problem);
            case "setup":
                media.Setup = SdpSessionAttributes.ParseSetup(value, out problem);
                return problem is null;
            case "candidate":
                if (!SdpCandidate.TryParse(value ?? string.Empty, out var candidate, out problem))
                {
                    return false;
                }

                media.Candidates.Add(candidate);
                return true;
            case "msid":
                var msid = SdpSessionAttributes.Required(value, out problem);
                media.Msid = msid is null ? null : SdpMsid.Parse(msid);
                return problem is null;
            case "rtpmap":
                return Add(media.RtpMaps, SdpRtpMap.TryParse(Text(value), out var map, out problem), map);
            case "fmtp":
                return Add(media.Fmtps, SdpFmtp.TryParse(Text(value), out var fmtp, out problem), fmtp);
            case "rtcp-fb":
                return Add(media.RtcpFeedback, SdpRtcpFeedback.TryParse(Text(value), out var fb, out problem), fb);
            case "extmap":
                return Add(media.Extmaps, SdpExtmap.TryParse(Text(value), out var extmap, out problem), extmap);
            case "ssrc":
                return Add(media.Ssrcs, SdpSsrcAttribute.TryParse(Text(value), out var ssrc, out problem), ssrc);
            case "ssrc-group":
                return Add(media.SsrcGroups, SdpSsrcGroup.TryParse(Text(value), out var group, out problem), group);
            case "rid":
                return Add(media.Rids, SdpRid.TryParse(Text(value), out var rid, out problem), rid);
            case "simulcast":
                if (!SdpSimulcast.TryParse(Text(value), out var simulcast, out problem))
                {
                    return false;
                }

                media.Simulcast = simulcast;
                return true;
            default:
                media.Attributes.Add(new SdpAttribute(name, value));
                return true;
        }
    }

    private static string Text(string? value) => value?.Trim() ?? string.Empty;

    private static bool Add<T>(List<T> list, bool parsed, T? item)
        where T : class
    {
        if (parsed)
        {
            list.Add(item!);
        }

        return parsed;
    }
}
