using System.Globalization;

namespace Messenger.MediaServer.Sdp;

/// <summary>a=msid (RFC 8830 §2): media stream id ("-" for none) and optional track id.</summary>
public sealed record SdpMsid(string StreamId, string? TrackId = null)
{
    public override string ToString() => TrackId is null ? StreamId : $"{StreamId} {TrackId}";

    public static SdpMsid Parse(string text)
    {
        var parts = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new SdpMsid(parts.Length > 0 ? parts[0] : "-", parts.Length > 1 ? parts[1] : null);
    }
}

/// <summary>One a=ssrc line (RFC 5576 §4.1): "ssrc attribute[:value]", e.g. "1234 cname:abc".</summary>
public sealed record SdpSsrcAttribute(uint Ssrc, string Name, string? Value = null)
{
    public override string ToString() => Value is null
        ? $"{Ssrc.ToString(CultureInfo.InvariantCulture)} {Name}"
        : $"{Ssrc.ToString(CultureInfo.InvariantCulture)} {Name}:{Value}";

    public static bool TryParse(string text, out SdpSsrcAttribute? attribute, out string? problem)
    {
        attribute = null;
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var ssrcText = space < 0 ? text : text[..space];
        if (!SdpNumbers.TryParseSsrc(ssrcText, out var ssrc))
        {
            problem = $"invalid ssrc '{ssrcText}'";
            return false;
        }

        if (space < 0 || space + 1 >= text.Length)
        {
            problem = $"ssrc {ssrcText} has no attribute";
            return false;
        }

        var rest = text[(space + 1)..].Trim();
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        attribute = colon < 0
            ? new SdpSsrcAttribute(ssrc, rest)
            : new SdpSsrcAttribute(ssrc, rest[..colon], rest[(colon + 1)..]);
        problem = null;
        return true;
    }
}

/// <summary>a=ssrc-group (RFC 5576 §4.2): "FID primary rtx" (RFC 4588 §8) or "SIM s1 s2 s3" (legacy simulcast).</summary>
public sealed record SdpSsrcGroup(string Semantics, IReadOnlyList<uint> Ssrcs)
{
    public override string ToString()
    {
        var parts = new string[Ssrcs.Count + 1];
        parts[0] = Semantics;
        for (var i = 0; i < Ssrcs.Count; i++)
        {
            parts[i + 1] = Ssrcs[i].ToString(CultureInfo.InvariantCulture);
        }

        return string.Join(' ', parts);
    }

    public static bool TryParse(string text, out SdpSsrcGroup? group, out string? problem)
    {
        group = null;
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            problem = $"expected '<semantics> <ssrc>...' but got '{text}'";
            return false;
        }

        var ssrcs = new uint[parts.Length - 1];
        for (var i = 1; i < parts.Length; i++)
        {
            if (!SdpNumbers.TryParseSsrc(parts[i], out ssrcs[i - 1]))
            {
                problem = $"invalid ssrc '{parts[i]}'";
                return false;
            }
        }

        group = new SdpSsrcGroup(parts[0], ssrcs);
        problem = null;
        return true;
    }
}
