using System.Globalization;
using System.Net;
using System.Text;

namespace Messenger.MediaServer.Sdp;

/// <summary>
/// One a=candidate line (RFC 8839 §5.1). The address is text because browsers may offer mDNS names
/// (draft-ietf-mmusic-mdns-ice-candidates) that only the resolver can turn into an IP address.
/// </summary>
public readonly record struct SdpCandidate(
    string Foundation,
    int Component,
    string Transport,
    uint Priority,
    string Address,
    int Port,
    SdpCandidateType Type,
    string? RelatedAddress = null,
    int? RelatedPort = null,
    IReadOnlyList<KeyValuePair<string, string>>? Extensions = null)
{
    /// <summary>Type preference for host candidates recommended by RFC 8445 §5.1.2.2.</summary>
    private const uint HostTypePreference = 126;

    /// <summary>
    /// Builds a host UDP candidate for one of the server's announced addresses. Priority follows RFC 8445 §5.1.2.1
    /// with the list order as local preference, so the first address is the one peers should try first.
    /// </summary>
    public static SdpCandidate Host(IPEndPoint endpoint, int index)
    {
        var localPreference = (uint)(65535 - Math.Clamp(index, 0, 65535));
        var priority = (HostTypePreference << 24) | (localPreference << 8) | (256 - 1);
        return new SdpCandidate(
            (index + 1).ToString(CultureInfo.InvariantCulture),
            1,
            "udp",
            priority,
            endpoint.Address.ToString(),
            endpoint.Port,
            SdpCandidateType.Host);
    }

    /// <summary>Value of an extension attribute such as "tcptype" or "generation", if present.</summary>
    public string? GetExtension(string name)
    {
        if (Extensions is null)
        {
            return null;
        }

        foreach (var pair in Extensions)
        {
            if (string.Equals(pair.Key, name, StringComparison.Ordinal))
            {
                return pair.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// Parses the attribute value; a leading "candidate:" (as carried by JavaScript's RTCIceCandidate.candidate
    /// and some trickle bodies) is accepted.
    /// </summary>
    public static bool TryParse(string text, out SdpCandidate candidate, out string? problem)
    {
        candidate = default;
        if (text.StartsWith("candidate:", StringComparison.OrdinalIgnoreCase))
        {
            text = text["candidate:".Length..];
        }

        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 8)
        {
            problem = $"expected at least 8 fields but got {parts.Length} in '{text}'";
            return false;
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var component)
            || component is < 1 or > 256)
        {
            problem = $"invalid component id '{parts[1]}'";
            return false;
        }

        if (!uint.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var priority))
        {
            problem = $"invalid priority '{parts[3]}'";
            return false;
        }

        if (!SdpNumbers.TryParsePort(parts[5], out var port))
        {
            problem = $"invalid port '{parts[5]}'";
            return false;
        }

        if (!string.Equals(parts[6], "typ", StringComparison.Ordinal)
            || !SdpTokens.TryParseCandidateType(parts[7], out var type))
        {
            problem = $"expected 'typ host|srflx|prflx|relay' but got '{parts[6]} {parts[7]}'";
            return false;
        }

        string? relatedAddress = null;
        int? relatedPort = null;
        List<KeyValuePair<string, string>>? extensions = null;
        for (var i = 8; i < parts.Length; i += 2)
        {
            if (i + 1 >= parts.Length)
            {
                problem = $"extension '{parts[i]}' has no value";
                return false;
            }

            switch (parts[i])
            {
                case "raddr":
                    relatedAddress = parts[i + 1];
                    break;
                case "rport" when SdpNumbers.TryParsePort(parts[i + 1], out var rport):
                    relatedPort = rport;
                    break;
                case "rport":
                    problem = $"invalid rport '{parts[i + 1]}'";
                    return false;
                default:
                    extensions ??= [];
                    extensions.Add(new KeyValuePair<string, string>(parts[i], parts[i + 1]));
                    break;
            }
        }

        candidate = new SdpCandidate(
            parts[0], component, parts[2].ToLowerInvariant(), priority, parts[4], port, type,
            relatedAddress, relatedPort, extensions);
        problem = null;
        return true;
    }

    /// <summary>The attribute value without the "candidate:" prefix.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Foundation).Append(' ')
            .Append(Component.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(Transport).Append(' ')
            .Append(Priority.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(Address).Append(' ')
            .Append(Port.ToString(CultureInfo.InvariantCulture))
            .Append(" typ ").Append(Type.ToToken());
        if (RelatedAddress is not null)
        {
            sb.Append(" raddr ").Append(RelatedAddress);
        }

        if (RelatedPort is { } rport)
        {
            sb.Append(" rport ").Append(rport.ToString(CultureInfo.InvariantCulture));
        }

        if (Extensions is not null)
        {
            foreach (var pair in Extensions)
            {
                sb.Append(' ').Append(pair.Key).Append(' ').Append(pair.Value);
            }
        }

        return sb.ToString();
    }
}
