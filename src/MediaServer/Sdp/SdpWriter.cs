using System.Globalization;
using System.Text;

namespace Messenger.MediaServer.Sdp;

/// <summary>
/// Writes a <see cref="SessionDescription"/> as SDP text with CRLF line ends (RFC 8866 §5), lines in the order
/// RFC 8866 §5 requires and media attributes grouped the way JSEP implementations emit them (RFC 8829 §5.2.1).
/// </summary>
public static class SdpWriter
{
    private const string Crlf = "\r\n";

    public static string Write(SessionDescription session)
    {
        var sb = new StringBuilder(2048);
        Line(sb, "v=0");
        Line(sb, "o=" + session.Origin);
        Line(sb, "s=" + session.SessionName);
        Other(sb, session.OtherLines, "iuep");
        if (session.Connection is not null)
        {
            Line(sb, "c=" + session.Connection);
        }

        Other(sb, session.OtherLines, "b");
        Line(sb, "t=" + session.Timing);
        Other(sb, session.OtherLines, "rzk");
        foreach (var group in session.Groups)
        {
            Line(sb, "a=group:" + group);
        }

        if (session.IceLite)
        {
            Line(sb, "a=ice-lite");
        }

        WriteIce(sb, session.IceUfrag, session.IcePwd, session.IceOptions, session.Fingerprints, session.Setup);
        if (session.ExtmapAllowMixed)
        {
            Line(sb, "a=extmap-allow-mixed");
        }

        if (session.MsidSemantic is not null)
        {
            Line(sb, "a=msid-semantic:" + session.MsidSemantic);
        }

        Attributes(sb, session.Attributes);
        foreach (var media in session.Media)
        {
            WriteMedia(sb, media);
        }

        return sb.ToString();
    }

    private static void WriteMedia(StringBuilder sb, MediaDescription media)
    {
        sb.Append("m=").Append(media.Kind).Append(' ').Append(media.Port.ToString(CultureInfo.InvariantCulture));
        if (media.PortCount is { } count)
        {
            sb.Append('/').Append(count.ToString(CultureInfo.InvariantCulture));
        }

        sb.Append(' ').Append(media.Protocol);
        foreach (var format in media.Formats)
        {
            sb.Append(' ').Append(format);
        }

        sb.Append(Crlf);
        Other(sb, media.OtherLines, "i");
        if (media.Connection is not null)
        {
            Line(sb, "c=" + media.Connection);
        }

        Other(sb, media.OtherLines, "bk");
        if (media.Mid is not null)
        {
            Line(sb, "a=mid:" + media.Mid);
        }

        if (media.BundleOnly)
        {
            Line(sb, "a=bundle-only");
        }

        WriteIce(sb, media.IceUfrag, media.IcePwd, media.IceOptions, media.Fingerprints, media.Setup);
        Line(sb, "a=" + media.Direction.ToToken());
        if (media.Msid is not null)
        {
            Line(sb, "a=msid:" + media.Msid);
        }

        Flag(sb, media.RtcpMux, "a=rtcp-mux");
        Flag(sb, media.RtcpRsize, "a=rtcp-rsize");
        foreach (var extmap in media.Extmaps)
        {
            Line(sb, "a=extmap:" + extmap);
        }

        WriteCodecs(sb, media);
        foreach (var rid in media.Rids)
        {
            Line(sb, "a=rid:" + rid);
        }

        if (media.Simulcast is not null)
        {
            Line(sb, "a=simulcast:" + media.Simulcast);
        }

        foreach (var group in media.SsrcGroups)
        {
            Line(sb, "a=ssrc-group:" + group);
        }

        foreach (var ssrc in media.Ssrcs)
        {
            Line(sb, "a=ssrc:" + ssrc);
        }

        Attributes(sb, media.Attributes);
        foreach (var candidate in media.Candidates)
        {
            Line(sb, "a=candidate:" + candidate);
        }

        Flag(sb, media.EndOfCandidates, "a=end-of-candidates");
    }

    /// <summary>rtpmap, rtcp-fb and fmtp of each payload type together, in m= line order; strays after.</summary>
    private static void WriteCodecs(StringBuilder sb, MediaDescription media)
    {
        var written = new HashSet<int>();
        foreach (var format in media.Formats)
        {
            if (SdpNumbers.TryParsePayloadType(format, out var pt) && written.Add(pt))
            {
                WriteCodec(sb, media, pt);
            }
        }

        foreach (var map in media.RtpMaps)
        {
            if (written.Add(map.PayloadType))
            {
                WriteCodec(sb, media, map.PayloadType);
            }
        }

        foreach (var fmtp in media.Fmtps)
        {
            if (!written.Contains(fmtp.PayloadType))
            {
                Line(sb, "a=fmtp:" + fmtp);
            }
        }

        foreach (var feedback in media.RtcpFeedback)
        {
            if (feedback.PayloadType is not { } pt || !written.Contains(pt))
            {
                Line(sb, "a=rtcp-fb:" + feedback);
            }
        }
    }

    private static void WriteCodec(StringBuilder sb, MediaDescription media, int pt)
    {
        foreach (var map in media.RtpMaps)
        {
            if (map.PayloadType == pt)
            {
                Line(sb, "a=rtpmap:" + map);
            }
        }

        foreach (var feedback in media.RtcpFeedback)
        {
            if (feedback.PayloadType == pt)
            {
                Line(sb, "a=rtcp-fb:" + feedback);
            }
        }

        foreach (var fmtp in media.Fmtps)
        {
            if (fmtp.PayloadType == pt)
            {
                Line(sb, "a=fmtp:" + fmtp);
            }
        }
    }

    private static void WriteIce(
        StringBuilder sb, string? ufrag, string? pwd, List<string> options, List<SdpFingerprint> fingerprints,
        SdpSetupRole? setup)
    {
        if (ufrag is not null)
        {
            Line(sb, "a=ice-ufrag:" + ufrag);
        }

        if (pwd is not null)
        {
            Line(sb, "a=ice-pwd:" + pwd);
        }

        if (options.Count > 0)
        {
            Line(sb, "a=ice-options:" + string.Join(' ', options));
        }

        foreach (var fingerprint in fingerprints)
        {
            Line(sb, "a=fingerprint:" + fingerprint);
        }

        if (setup is { } role)
        {
            Line(sb, "a=setup:" + role.ToToken());
        }
    }

    private static void Other(StringBuilder sb, List<SdpLine> lines, string types)
    {
        foreach (var line in lines)
        {
            if (types.Contains(line.Type, StringComparison.Ordinal))
            {
                Line(sb, line.ToString());
            }
        }
    }

    private static void Attributes(StringBuilder sb, List<SdpAttribute> attributes)
    {
        foreach (var attribute in attributes)
        {
            Line(sb, "a=" + attribute);
        }
    }

    private static void Flag(StringBuilder sb, bool set, string line)
    {
        if (set)
        {
            Line(sb, line);
        }
    }

    private static void Line(StringBuilder sb, string line) => sb.Append(line).Append(Crlf);
}
