using System.Net;
using System.Net.Sockets;

namespace Messenger.MediaServer.Sdp;

/// <summary>Fills in the SFU's own transport and track attributes of a media section; shared by answers and offers.</summary>
internal static class SdpLocalMedia
{
    /// <summary>
    /// ICE credentials, fingerprint, setup, rtcp-mux and candidates. JSEP repeats the transport attributes in every
    /// bundled section (RFC 8829 §5.3.1); an ICE-lite server knows all its candidates up front, so the list ends with
    /// a=end-of-candidates and the m=/c= lines carry the first (default) candidate (RFC 8839 §4.2.1.1).
    /// </summary>
    public static void ApplyTransport(
        MediaDescription media, string ufrag, string pwd, SdpFingerprint fingerprint, SdpSetupRole setup,
        IReadOnlyList<IPEndPoint> candidates)
    {
        media.IceUfrag = ufrag;
        media.IcePwd = pwd;
        media.Fingerprints.Add(fingerprint);
        media.Setup = setup;
        media.RtcpMux = true;
        if (candidates.Count == 0)
        {
            media.Port = 9;
            media.Connection = SdpConnection.Placeholder;
            return;
        }

        var first = candidates[0];
        media.Port = first.Port;
        media.Connection = new SdpConnection(
            "IN", first.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4", first.Address.ToString());
        for (var i = 0; i < candidates.Count; i++)
        {
            media.Candidates.Add(SdpCandidate.Host(candidates[i], i));
        }

        media.EndOfCandidates = true;
    }

    /// <summary>
    /// a=msid plus a=ssrc cname/msid lines, and an FID group pairing the rtx SSRC when rtx is in use
    /// (RFC 8830 §2, RFC 5576 §4, RFC 4588 §8.7).
    /// </summary>
    public static void ApplyTrack(MediaDescription media, SdpLocalTrack track, bool withRtx)
    {
        media.Msid = new SdpMsid(track.StreamId, track.TrackId);
        AddSsrc(media, track, track.Ssrc);
        if (withRtx && track.RtxSsrc is { } rtx)
        {
            media.SsrcGroups.Add(new SdpSsrcGroup("FID", [track.Ssrc, rtx]));
            AddSsrc(media, track, rtx);
        }
    }

    /// <summary>A turned-down section: port 0, the offered mid kept and one format, as RFC 3264 §6 requires.</summary>
    public static MediaDescription Rejected(MediaDescription offer)
    {
        var media = new MediaDescription
        {
            Kind = offer.Kind,
            Port = 0,
            Protocol = offer.Protocol,
            Connection = SdpConnection.Placeholder,
            Mid = offer.Mid,
            Direction = SdpDirection.Inactive,
        };
        media.Formats.Add(offer.Formats.Count > 0 ? offer.Formats[0] : "0");
        return media;
    }

    private static void AddSsrc(MediaDescription media, SdpLocalTrack track, uint ssrc)
    {
        media.Ssrcs.Add(new SdpSsrcAttribute(ssrc, "cname", track.Cname));
        media.Ssrcs.Add(new SdpSsrcAttribute(ssrc, "msid", $"{track.StreamId} {track.TrackId}"));
    }
}
