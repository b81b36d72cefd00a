using System.Text;

namespace Messenger.MediaServer.Sdp;

/// <summary>One m= section of a trickle-ice-sdpfrag: which media it names and the candidates it carries.</summary>
public sealed record SdpFragmentMedia(
    string Kind,
    string? Mid,
    int MLineIndex,
    string? IceUfrag,
    string? IcePwd,
    IReadOnlyList<SdpCandidate> Candidates,
    bool EndOfCandidates);

/// <summary>
/// An application/trickle-ice-sdpfrag body (RFC 8840 §9), as sent in WHIP/WHEP PATCH requests (RFC 9725 §4.3):
/// ICE credentials (session- or media-level) and, per m= section identified by a=mid, new candidates and
/// a=end-of-candidates. A new ufrag/pwd pair with no candidates is an ICE restart request.
/// </summary>
public sealed class SdpFragment
{
    public string? IceUfrag { get; init; }

    public string? IcePwd { get; init; }

    public IReadOnlyList<string> IceOptions { get; init; } = [];

    public IReadOnlyList<SdpFragmentMedia> Media { get; init; } = [];

    /// <summary>Media-level ufrag if present, else the session-level one (RFC 8840 §9).</summary>
    public string? UfragFor(SdpFragmentMedia media) => media.IceUfrag ?? IceUfrag;

    /// <summary>Writes the fragment back out with CRLF line ends, e.g. for an ICE-restart PATCH response.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Append(sb, "a=ice-ufrag:", IceUfrag);
        Append(sb, "a=ice-pwd:", IcePwd);
        if (IceOptions.Count > 0)
        {
            Append(sb, "a=ice-options:", string.Join(' ', IceOptions));
        }

        foreach (var media in Media)
        {
            // RFC 8840 §9 only needs the m= line to delimit sections; port and formats are placeholders.
            Append(sb, "m=", media.Kind + " 9 UDP/TLS/RTP/SAVPF 0");
            Append(sb, "a=mid:", media.Mid);
            Append(sb, "a=ice-ufrag:", media.IceUfrag);
            Append(sb, "a=ice-pwd:", media.IcePwd);
            foreach (var candidate in media.Candidates)
            {
                Append(sb, "a=candidate:", candidate.ToString());
            }

            if (media.EndOfCandidates)
            {
                sb.Append("a=end-of-candidates\r\n");
            }
        }

        return sb.ToString();
    }

    private static void Append(StringBuilder sb, string prefix, string? value)
    {
        if (value is not null)
        {
            sb.Append(prefix).Append(value).Append("\r\n");
        }
    }
}
