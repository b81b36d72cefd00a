using System.Text;
using Messenger.LoadTest.Peers;
using Messenger.MediaServer.Client;

namespace Messenger.LoadTest.Signalling;

/// <summary>
/// The SDP our client peers send, shaped like a browser's with bundle and rtcp-mux: DTLS actpass/active (we are the
/// DTLS client), one host candidate and end-of-candidates, so nobody needs to trickle.
/// </summary>
public static class LocalDescription
{
    private const string MidUri = "urn:ietf:params:rtp-hdrext:sdes:mid";
    private const string RidUri = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>
    /// A WHIP / Janus publish offer: one sendonly section per track, with its SSRC. Our peers are always the DTLS
    /// client; Janus answers an actpass offer with active itself, so for it we offer <c>active</c> (RFC 5763 §5).
    /// </summary>
    /// <remarks>
    /// Simulcast encodings are listed smallest first, as Chromium offers them and our SFU reads them; Janus reads the
    /// list as highest quality first (the order its janus.js sends), so <paramref name="highestFirst"/> turns it.
    /// </remarks>
    public static string PublishOffer(ClientPeer peer, IReadOnlyList<PublishedTrack> tracks, string setup = "actpass", bool highestFirst = false)
    {
        var sections = tracks.GroupBy(t => t.Mid).ToList();
        var sdp = Session(peer, sections.Select(g => g.Key));
        foreach (var section in sections)
        {
            var first = section.First();
            Section(sdp, peer, first.Script.Kind, section.Key, first.PayloadType, "sendonly", setup);
            sdp.Append($"a=msid:load-{first.Ssrc} {section.Key}\r\n");
            var rids = section.Where(t => t.Rid is not null).Select(t => t.Rid!).ToList();
            if (highestFirst)
            {
                rids.Reverse();
            }

            if (rids.Count > 0)
            {
                // RFC 8853 simulcast as browsers offer it: encodings told apart by rid, no SSRCs in the SDP.
                sdp.Append($"a=extmap:{Pacer.RidExtensionId} {RidUri}\r\n");
                foreach (var rid in rids)
                {
                    sdp.Append($"a=rid:{rid} send\r\n");
                }

                sdp.Append($"a=simulcast:send {string.Join(';', rids)}\r\n");
                continue;
            }

            sdp.Append($"a=ssrc:{first.Ssrc} cname:load-{peer.Credentials.Ufrag}\r\n");
        }

        return sdp.ToString();
    }

    /// <summary>A WHEP offer: recvonly audio and, unless audio only, video.</summary>
    public static string SubscribeOffer(ClientPeer peer, bool video)
    {
        var mids = video ? new[] { "0", "1" } : ["0"];
        var sdp = Session(peer, mids);
        Section(sdp, peer, "audio", "0", 111, "recvonly", "actpass");
        if (video)
        {
            Section(sdp, peer, "video", "1", 96, "recvonly", "actpass");
        }

        return sdp.ToString();
    }

    /// <summary>The answer to a server's offer (Janus subscribers): recvonly Opus/VP8, anything else rejected.</summary>
    public static string Answer(ClientPeer peer, RemoteDescription offer)
    {
        var accepted = offer.Media.Where(m => m.Port != 0 && PayloadTypeFor(m) is not null).Select(m => m.Mid).ToList();
        var sdp = Session(peer, accepted);
        foreach (var media in offer.Media)
        {
            if (accepted.Contains(media.Mid))
            {
                Section(sdp, peer, media.Kind, media.Mid, PayloadTypeFor(media)!.Value, "recvonly", "active", media.RtpMaps[PayloadTypeFor(media)!.Value]);
            }
            else
            {
                sdp.Append($"m={media.Kind} 0 UDP/TLS/RTP/SAVPF 0\r\nc=IN IP4 0.0.0.0\r\na=mid:{media.Mid}\r\na=inactive\r\n");
            }
        }

        return sdp.ToString();
    }

    private static byte? PayloadTypeFor(RemoteMedia media) =>
        media.Kind switch
        {
            "audio" => media.FindPayloadType("opus/48000"),
            "video" => media.FindPayloadType("VP8/90000"),
            _ => null,
        };

    private static StringBuilder Session(ClientPeer peer, IEnumerable<string> mids)
    {
        var sdp = new StringBuilder();
        sdp.Append($"v=0\r\no=- {Random.Shared.NextInt64(1, long.MaxValue)} 2 IN IP4 {peer.LocalEndPoint.Address}\r\ns=-\r\nt=0 0\r\n");
        sdp.Append($"a=group:BUNDLE {string.Join(' ', mids)}\r\na=msid-semantic: WMS *\r\n");
        return sdp;
    }

    private static void Section(StringBuilder sdp, ClientPeer peer, string kind, string mid, byte pt, string direction, string setup, string? rtpmap = null)
    {
        var local = peer.LocalEndPoint;
        rtpmap ??= kind == "audio" ? "opus/48000/2" : "VP8/90000";
        sdp.Append($"m={kind} {local.Port} UDP/TLS/RTP/SAVPF {pt}\r\nc=IN IP4 {local.Address}\r\n");
        sdp.Append($"a=ice-ufrag:{peer.Credentials.Ufrag}\r\na=ice-pwd:{peer.Credentials.Password}\r\n");
        sdp.Append($"a=fingerprint:{peer.Certificate.Fingerprint}\r\na=setup:{setup}\r\na=mid:{mid}\r\n");
        sdp.Append($"a=extmap:{Pacer.MidExtensionId} {MidUri}\r\na={direction}\r\na=rtcp-mux\r\n");
        sdp.Append($"a=rtpmap:{pt} {rtpmap}\r\n");
        if (kind == "audio")
        {
            sdp.Append($"a=fmtp:{pt} minptime=10;useinbandfec=1\r\n");
        }
        else
        {
            sdp.Append($"a=rtcp-fb:{pt} nack\r\na=rtcp-fb:{pt} nack pli\r\na=rtcp-fb:{pt} ccm fir\r\n");
        }

        // RFC 8445 §5.1.2.1 host priority: type preference 126, local preference 65535, component 1.
        sdp.Append($"a=candidate:1 1 udp 2130706431 {local.Address} {local.Port} typ host\r\na=end-of-candidates\r\n");
    }
}
