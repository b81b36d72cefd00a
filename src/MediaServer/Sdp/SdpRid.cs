using System.Globalization;
using System.Text;

namespace Messenger.MediaServer.Sdp;

/// <summary>
/// a=rid (RFC 8851 §10): an RTP stream id, its direction, an optional payload type list and restrictions such as
/// max-width=1280 (kept as key/value pairs; the value is empty for bare keys).
/// </summary>
public sealed record SdpRid(
    string Id,
    RidDirection Direction,
    IReadOnlyList<int>? PayloadTypes = null,
    IReadOnlyList<KeyValuePair<string, string>>? Restrictions = null)
{
    public override string ToString()
    {
        var sb = new StringBuilder().Append(Id).Append(' ').Append(Direction.ToToken());
        var first = true;
        if (PayloadTypes is { Count: > 0 })
        {
            sb.Append(" pt=");
            for (var i = 0; i < PayloadTypes.Count; i++)
            {
                sb.Append(i == 0 ? string.Empty : ",").Append(PayloadTypes[i].ToString(CultureInfo.InvariantCulture));
            }

            first = false;
        }

        if (Restrictions is not null)
        {
            foreach (var pair in Restrictions)
            {
                sb.Append(first ? " " : ";").Append(pair.Key);
                if (pair.Value.Length > 0)
                {
                    sb.Append('=').Append(pair.Value);
                }

                first = false;
            }
        }

        return sb.ToString();
    }

    /// <summary>RFC 8851 §10: rid-id = 1*(alpha-numeric / "-" / "_").</summary>
    public static bool IsValidId(string id)
    {
        if (id.Length == 0)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    public static bool TryParse(string text, out SdpRid? rid, out string? problem)
    {
        rid = null;
        var parts = text.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !IsValidId(parts[0]))
        {
            problem = $"expected '<rid-id> send|recv [<restrictions>]' but got '{text}'";
            return false;
        }

        if (!SdpTokens.TryParseRidDirection(parts[1], out var direction))
        {
            problem = $"rid '{parts[0]}' has direction '{parts[1]}', expected send or recv";
            return false;
        }

        List<int>? payloadTypes = null;
        List<KeyValuePair<string, string>>? restrictions = null;
        if (parts.Length == 3)
        {
            foreach (var param in parts[2].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = param.IndexOf('=', StringComparison.Ordinal);
                var key = eq < 0 ? param : param[..eq];
                var value = eq < 0 ? string.Empty : param[(eq + 1)..];
                if (string.Equals(key, "pt", StringComparison.Ordinal))
                {
                    payloadTypes = [];
                    foreach (var ptText in value.Split(',', StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (!SdpNumbers.TryParsePayloadType(ptText, out var pt))
                        {
                            problem = $"rid '{parts[0]}' has invalid payload type '{ptText}'";
                            return false;
                        }

                        payloadTypes.Add(pt);
                    }
                }
                else
                {
                    restrictions ??= [];
                    restrictions.Add(new KeyValuePair<string, string>(key, value));
                }
            }
        }

        rid = new SdpRid(parts[0], direction, payloadTypes, restrictions);
        problem = null;
        return true;
    }
}
