using System.Globalization;

namespace Messenger.MediaServer.Sdp;

/// <summary>a=rtpmap (RFC 8866 §6.6): payload type to encoding name, clock rate and channel count.</summary>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int? Channels = null)
{
    public override string ToString() => Channels is { } channels
        ? $"{PayloadType} {EncodingName}/{ClockRate}/{channels}"
        : $"{PayloadType} {EncodingName}/{ClockRate}";

    public static bool TryParse(string text, out SdpRtpMap? map, out string? problem)
    {
        map = null;
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !SdpNumbers.TryParsePayloadType(text[..space], out var pt))
        {
            problem = $"expected '<payload type 0-127> <encoding>/<clock rate>' but got '{text}'";
            return false;
        }

        var encoding = text[(space + 1)..].Trim().Split('/');
        if (encoding.Length is < 2 or > 3 || encoding[0].Length == 0)
        {
            problem = $"expected '<encoding>/<clock rate>[/<channels>]' but got '{text[(space + 1)..]}'";
            return false;
        }

        if (!SdpNumbers.TryParsePositive(encoding[1], out var clockRate))
        {
            problem = $"invalid clock rate '{encoding[1]}' for payload type {pt}";
            return false;
        }

        int? channels = null;
        if (encoding.Length == 3)
        {
            if (!SdpNumbers.TryParsePositive(encoding[2], out var parsedChannels))
            {
                problem = $"invalid channel count '{encoding[2]}' for payload type {pt}";
                return false;
            }

            channels = parsedChannels;
        }

        map = new SdpRtpMap(pt, encoding[0], clockRate, channels);
        problem = null;
        return true;
    }
}

/// <summary>a=fmtp (RFC 8866 §6.15): format parameters, kept as text because each codec defines its own syntax.</summary>
public sealed record SdpFmtp(int PayloadType, string Parameters)
{
    public override string ToString() => $"{PayloadType} {Parameters}";

    /// <summary>Looks up "name=value" in a ';'-separated parameter list (RFC 7587 §7, RFC 4588 §8.6 style).</summary>
    public bool TryGetParameter(string name, out string value)
    {
        foreach (var part in Parameters.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? part : part[..eq].Trim();
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = eq < 0 ? string.Empty : part[(eq + 1)..].Trim();
                return true;
            }
        }

        value = string.Empty;
        return false;
    }

    public static bool TryParse(string text, out SdpFmtp? fmtp, out string? problem)
    {
        fmtp = null;
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var ptText = space < 0 ? text : text[..space];
        if (!SdpNumbers.TryParsePayloadType(ptText, out var pt))
        {
            problem = $"invalid payload type '{ptText}'";
            return false;
        }

        fmtp = new SdpFmtp(pt, space < 0 ? string.Empty : text[(space + 1)..].Trim());
        problem = null;
        return true;
    }
}

/// <summary>
/// a=rtcp-fb (RFC 4585 §4.2): feedback type and optional parameter for one payload type, or for all when
/// <see cref="PayloadType"/> is null ("*").
/// </summary>
public sealed record SdpRtcpFeedback(int? PayloadType, string Type, string? Parameter = null)
{
    /// <summary>"nack", "nack pli", "ccm fir": the text the answerer matches on.</summary>
    public string Kind => Parameter is null ? Type : $"{Type} {Parameter}";

    public override string ToString() =>
        $"{(PayloadType is { } pt ? pt.ToString(CultureInfo.InvariantCulture) : "*")} {Kind}";

    public static bool TryParse(string text, out SdpRtcpFeedback? feedback, out string? problem)
    {
        feedback = null;
        var parts = text.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            problem = $"expected '<payload type|*> <type> [<parameter>]' but got '{text}'";
            return false;
        }

        int? pt = null;
        if (parts[0] != "*")
        {
            if (!SdpNumbers.TryParsePayloadType(parts[0], out var parsed))
            {
                problem = $"invalid payload type '{parts[0]}'";
                return false;
            }

            pt = parsed;
        }

        feedback = new SdpRtcpFeedback(pt, parts[1], parts.Length == 3 ? parts[2] : null);
        problem = null;
        return true;
    }
}

/// <summary>a=extmap (RFC 8285 §8): header extension id, optional direction and URI.</summary>
public sealed record SdpExtmap(int Id, string Uri, SdpDirection? Direction = null, string? ExtensionAttributes = null)
{
    public override string ToString()
    {
        var id = Direction is { } direction
            ? $"{Id}/{direction.ToToken()}"
            : Id.ToString(CultureInfo.InvariantCulture);
        return ExtensionAttributes is null ? $"{id} {Uri}" : $"{id} {Uri} {ExtensionAttributes}";
    }

    public static bool TryParse(string text, out SdpExtmap? extmap, out string? problem)
    {
        extmap = null;
        var parts = text.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            problem = $"expected '<id>[/<direction>] <uri>' but got '{text}'";
            return false;
        }

        var idText = parts[0];
        SdpDirection? direction = null;
        var slash = idText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!SdpTokens.TryParseDirection(idText[(slash + 1)..], out var parsedDirection))
            {
                problem = $"invalid direction '{idText[(slash + 1)..]}'";
                return false;
            }

            direction = parsedDirection;
            idText = idText[..slash];
        }

        // RFC 8285 §5: 1-14 one-byte, up to 255 two-byte; 4096-4351 are only used while negotiating.
        if (!SdpNumbers.TryParsePositive(idText, out var id) || !(id <= 255 || id is >= 4096 and <= 4351))
        {
            problem = $"invalid extension id '{idText}'";
            return false;
        }

        extmap = new SdpExtmap(id, parts[1], direction, parts.Length == 3 ? parts[2] : null);
        problem = null;
        return true;
    }
}

/// <summary>Small invariant-culture number parsers shared by the attribute types.</summary>
internal static class SdpNumbers
{
    public static bool TryParsePayloadType(string text, out int pt) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out pt) && pt <= 127;

    public static bool TryParsePositive(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;

    public static bool TryParseSsrc(string text, out uint ssrc) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ssrc);

    public static bool TryParsePort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535;
}
