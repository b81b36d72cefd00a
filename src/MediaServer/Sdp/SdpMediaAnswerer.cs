using System.Globalization;

namespace Messenger.MediaServer.Sdp;

/// <summary>The codec picked for an offered section: the offer's rtpmap (so its payload type), its rtx and red, if any.</summary>
internal sealed record SdpCodecChoice(SdpCodecCapability Capability, SdpRtpMap Map, SdpRtpMap? Rtx, SdpRtpMap? Red = null);

/// <summary>Answers one accepted m= section: codec, feedback, extensions, direction, simulcast (RFC 8829 §5.3.1).</summary>
internal static class SdpMediaAnswerer
{
    /// <summary>
    /// The first offered format (offerer's preference order, RFC 3264 §5.1) that the SFU supports, with its rtx
    /// (a=rtpmap rtx + a=fmtp apt=, RFC 4588 §8.6). Null when nothing matches.
    /// </summary>
    public static SdpCodecChoice? ChooseCodec(MediaDescription offer, IReadOnlyList<SdpCodecCapability> codecs)
    {
        foreach (var format in offer.Formats)
        {
            if (!SdpNumbers.TryParsePayloadType(format, out var pt) || offer.FindRtpMap(pt) is not { } map)
            {
                continue;
            }

            foreach (var capability in codecs)
            {
                if (string.Equals(capability.Kind, offer.Kind, StringComparison.Ordinal) && capability.Matches(map))
                {
                    return new SdpCodecChoice(
                        capability, map, capability.Rtx ? FindRtx(offer, map) : null, capability.Red ? FindRed(offer, map) : null);
                }
            }
        }

        return null;
    }

    public static (MediaDescription Answer, NegotiatedMedia Negotiated) Answer(
        MediaDescription offer, SdpCodecChoice codec, SdpAnswererOptions options, SdpSetupRole localSetup)
    {
        var mid = offer.Mid!;
        var pt = codec.Map.PayloadType;
        var answer = new MediaDescription
        {
            Kind = offer.Kind,
            Protocol = offer.Protocol,
            Mid = mid,
            RtcpRsize = offer.RtcpRsize,
        };
        SdpLocalMedia.ApplyTransport(answer, options.IceUfrag, options.IcePwd, options.Fingerprint, localSetup, options.Candidates);

        // RFC 3264 §6.1: formats in the offerer's preference order, so red goes first only when the offer put it
        // first (a sender such as Chromium uses the first codec of the answer for sending).
        var redFirst = codec.Red is { } preferredRed && IndexOf(offer.Formats, preferredRed.PayloadType) < IndexOf(offer.Formats, pt);
        if (redFirst)
        {
            AddRed(answer, offer, codec.Red!);
        }

        answer.Formats.Add(pt.ToString(CultureInfo.InvariantCulture));
        answer.RtpMaps.Add(codec.Map);
        var fmtp = offer.FindFmtp(pt)?.Parameters ?? codec.Capability.DefaultFmtp;
        if (!string.IsNullOrEmpty(fmtp))
        {
            answer.Fmtps.Add(new SdpFmtp(pt, fmtp));
        }

        var feedback = new List<string>();
        foreach (var offered in offer.FeedbackFor(pt))
        {
            if (Contains(codec.Capability.Feedback, offered.Kind) && !Contains(feedback, offered.Kind))
            {
                feedback.Add(offered.Kind);
                answer.RtcpFeedback.Add(new SdpRtcpFeedback(pt, offered.Type, offered.Parameter));
            }
        }

        if (!redFirst && codec.Red is { } red)
        {
            AddRed(answer, offer, red);
        }

        if (codec.Rtx is { } rtx)
        {
            answer.Formats.Add(rtx.PayloadType.ToString(CultureInfo.InvariantCulture));
            answer.RtpMaps.Add(rtx);
            answer.Fmtps.Add(new SdpFmtp(rtx.PayloadType, "apt=" + pt.ToString(CultureInfo.InvariantCulture)));
        }

        // RFC 8285 §7: the answer may only use ids and URIs from the offer; a direction flips with the stream.
        foreach (var extmap in offer.Extmaps)
        {
            if (Contains(options.HeaderExtensions, extmap.Uri))
            {
                answer.Extmaps.Add(new SdpExtmap(extmap.Id, extmap.Uri, extmap.Direction?.Reverse()));
            }
        }

        options.LocalTracks.TryGetValue(mid, out var localTrack);
        answer.Direction = AnswerDirection(offer.Direction, localTrack is not null, options.SendRecvAnswer);
        if (!answer.Direction.CanSend())
        {
            localTrack = null;
        }

        if (localTrack is not null)
        {
            SdpLocalMedia.ApplyTrack(answer, localTrack, codec.Rtx is not null);
        }

        var receivedRids = answer.Direction.CanReceive() ? AnswerSimulcast(offer, answer) : [];
        var negotiated = new NegotiatedMedia
        {
            Mid = mid,
            Kind = offer.Kind,
            Direction = answer.Direction,
            CodecName = codec.Map.EncodingName,
            PayloadType = pt,
            RtxPayloadType = codec.Rtx?.PayloadType,
            RedPayloadType = codec.Red?.PayloadType,
            ClockRate = codec.Map.ClockRate,
            Channels = codec.Map.Channels,
            Fmtp = fmtp,
            Feedback = feedback,
            Extmaps = answer.Extmaps.ToArray(),
            Rids = receivedRids,
            Simulcast = answer.Simulcast,
            RemoteSsrcs = CollectSsrcs(offer),
            RemoteRtxSsrcs = CollectFidPairs(offer),
            RemoteSimulcastSsrcs = CollectSimGroup(offer),
            RemoteMsid = offer.Msid,
            LocalTrack = localTrack,
        };
        return (answer, negotiated);
    }

    /// <summary>
    /// RFC 3264 §6.1: sendonly is answered recvonly; recvonly is answered sendonly when the SFU has something to send
    /// there (else inactive); sendrecv gets the configured direction.
    /// </summary>
    private static SdpDirection AnswerDirection(SdpDirection offered, bool hasLocalTrack, SdpDirection sendRecvAnswer) =>
        offered switch
        {
            SdpDirection.SendOnly => SdpDirection.RecvOnly,
            SdpDirection.RecvOnly => hasLocalTrack ? SdpDirection.SendOnly : SdpDirection.Inactive,
            SdpDirection.SendRecv => sendRecvAnswer,
            _ => SdpDirection.Inactive,
        };

    /// <summary>
    /// RFC 8853 §5.3 / RFC 8851 §7: an offered "a=simulcast:send h;m;l" with "a=rid:h send" lines is answered with
    /// "a=simulcast:recv h;m;l" and "a=rid:h recv". Rids without an a=rid line are dropped (RFC 8853 §5.2), as are
    /// restrictions, which bind only the sender. Returns the offered send rids the SFU will receive.
    /// </summary>
    private static List<SdpRid> AnswerSimulcast(MediaDescription offer, MediaDescription answer)
    {
        var sendRids = new List<SdpRid>();
        foreach (var rid in offer.Rids)
        {
            if (rid.Direction == RidDirection.Send)
            {
                sendRids.Add(rid);
            }
        }

        if (sendRids.Count == 0)
        {
            return sendRids;
        }

        var used = new List<SdpRid>();
        if (offer.Simulcast is { Send.Count: > 0 } simulcast)
        {
            var streams = new List<IReadOnlyList<SdpSimulcastFormat>>();
            foreach (var stream in simulcast.Send)
            {
                var alternatives = new List<SdpSimulcastFormat>();
                foreach (var format in stream)
                {
                    if (Find(sendRids, format.Rid) is { } rid)
                    {
                        alternatives.Add(format);
                        used.Add(rid);
                    }
                }

                if (alternatives.Count > 0)
                {
                    streams.Add(alternatives);
                }
            }

            if (streams.Count > 0)
            {
                answer.Simulcast = new SdpSimulcast([], streams);
            }
        }
        else
        {
            used.AddRange(sendRids);
        }

        foreach (var rid in used)
        {
            answer.Rids.Add(new SdpRid(rid.Id, RidDirection.Recv));
        }

        return used;
    }

    private static SdpRtpMap? FindRtx(MediaDescription offer, SdpRtpMap primary)
    {
        foreach (var map in offer.RtpMaps)
        {
            if (string.Equals(map.EncodingName, "rtx", StringComparison.OrdinalIgnoreCase)
                && map.ClockRate == primary.ClockRate
                && offer.FindFmtp(map.PayloadType) is { } fmtp
                && fmtp.TryGetParameter("apt", out var apt)
                && SdpNumbers.TryParsePayloadType(apt, out var aptPt)
                && aptPt == primary.PayloadType)
            {
                return map;
            }
        }

        return null;
    }

    /// <summary>
    /// An offered "red" at the primary's clock rate and channels whose fmtp (RFC 2198 §5: "111/111") names only the
    /// primary payload type, so every block the sender may put in it is a codec we forward.
    /// </summary>
    private static SdpRtpMap? FindRed(MediaDescription offer, SdpRtpMap primary)
    {
        foreach (var map in offer.RtpMaps)
        {
            if (string.Equals(map.EncodingName, "red", StringComparison.OrdinalIgnoreCase)
                && map.ClockRate == primary.ClockRate
                && (map.Channels ?? 1) == (primary.Channels ?? 1)
                && offer.FindFmtp(map.PayloadType) is { } fmtp
                && NamesOnly(fmtp.Parameters, primary.PayloadType))
            {
                return map;
            }
        }

        return null;
    }

    private static bool NamesOnly(string parameters, int payloadType)
    {
        var blocks = parameters.Trim().Split('/');
        foreach (var block in blocks)
        {
            if (!SdpNumbers.TryParsePayloadType(block, out var pt) || pt != payloadType)
            {
                return false;
            }
        }

        return blocks.Length > 0;
    }

    private static void AddRed(MediaDescription answer, MediaDescription offer, SdpRtpMap red)
    {
        answer.Formats.Add(red.PayloadType.ToString(CultureInfo.InvariantCulture));
        answer.RtpMaps.Add(red);
        answer.Fmtps.Add(offer.FindFmtp(red.PayloadType)!);
    }

    private static int IndexOf(List<string> formats, int payloadType)
    {
        var text = payloadType.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < formats.Count; i++)
        {
            if (string.Equals(formats[i], text, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private static List<NegotiatedSsrc> CollectSsrcs(MediaDescription offer)
    {
        var result = new List<NegotiatedSsrc>();
        foreach (var line in offer.Ssrcs)
        {
            var index = result.FindIndex(s => s.Ssrc == line.Ssrc);
            var current = index >= 0 ? result[index] : new NegotiatedSsrc(line.Ssrc, null, null);
            current = line.Name switch
            {
                "cname" => current with { Cname = line.Value },
                "msid" => current with { Msid = line.Value },
                _ => current,
            };
            if (index >= 0)
            {
                result[index] = current;
            }
            else
            {
                result.Add(current);
            }
        }

        return result;
    }

    private static List<KeyValuePair<uint, uint>> CollectFidPairs(MediaDescription offer)
    {
        var pairs = new List<KeyValuePair<uint, uint>>();
        foreach (var group in offer.SsrcGroups)
        {
            if (string.Equals(group.Semantics, "FID", StringComparison.Ordinal) && group.Ssrcs.Count == 2)
            {
                pairs.Add(new KeyValuePair<uint, uint>(group.Ssrcs[0], group.Ssrcs[1]));
            }
        }

        return pairs;
    }

    private static IReadOnlyList<uint> CollectSimGroup(MediaDescription offer)
    {
        foreach (var group in offer.SsrcGroups)
        {
            if (string.Equals(group.Semantics, "SIM", StringComparison.Ordinal))
            {
                return group.Ssrcs;
            }
        }

        return [];
    }

    private static SdpRid? Find(List<SdpRid> rids, string id)
    {
        foreach (var rid in rids)
        {
            if (string.Equals(rid.Id, id, StringComparison.Ordinal))
            {
                return rid;
            }
        }

        return null;
    }

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        foreach (var item in list)
        {
            if (string.Equals(item, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
