using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Messenger.MediaServer.Sdp;

/// <summary>
/// Parses SDP text (RFC 8866) into a <see cref="SessionDescription"/>. Never throws for malformed input: the
/// first problem comes back as an <see cref="SdpError"/> naming the line number and the field.
/// Both CRLF and bare LF line ends are accepted (RFC 8866 §5 asks parsers to be tolerant of LF).
/// </summary>
public static class SdpParser
{
    public static bool TryParse(
        string text,
        [NotNullWhen(true)] out SessionDescription? description,
        [NotNullWhen(false)] out SdpError? error) =>
        TryParseCore(text, requireSessionHeader: true, out description, out error);

    /// <summary>
    /// Shared by <see cref="SdpFragmentParser"/>: a trickle-ice-sdpfrag body (RFC 8840 §9) has no v=/o=/s=/t= lines
    /// but otherwise uses the same line grammar.
    /// </summary>
    internal static bool TryParseCore(
        string text,
        bool requireSessionHeader,
        [NotNullWhen(true)] out SessionDescription? description,
        [NotNullWhen(false)] out SdpError? error)
    {
        description = null;
        var session = new SessionDescription();
        var seen = new HashSet<char>();
        SdpDirection? sessionDirection = null;
        MediaDescription? media = null;
        var mediaHasDirection = false;
        var lineNumber = 0;

        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
            {
                error = new SdpError(SdpErrorCode.Syntax, "line", $"line is not '<type>=<value>': '{line}'", lineNumber);
                return false;
            }

            var type = line[0];
            var value = line[2..];
            if (requireSessionHeader && seen.Count == 0 && type != 'v')
            {
                error = new SdpError(SdpErrorCode.MissingLine, "v=", $"v= must be the first line but got '{line}'", lineNumber);
                return false;
            }

            if (type == 'm')
            {
                if (media is null && !TryCheckHeader(seen, requireSessionHeader, lineNumber, out error))
                {
                    return false;
                }

                FinishMedia(media, mediaHasDirection, sessionDirection);
                if (!TryParseMediaLine(value, lineNumber, out media, out error))
                {
                    return false;
                }

                mediaHasDirection = false;
                session.Media.Add(media);
                seen.Add('m');
                continue;
            }

            if (media is not null)
            {
                if (!TryParseMediaLine(media, type, value, lineNumber, ref mediaHasDirection, out error))
                {
                    return false;
                }
            }
            else if (!TryParseSessionLine(session, type, value, lineNumber, ref sessionDirection, out error))
            {
                return false;
            }

            seen.Add(type);
        }

        if (media is null && !TryCheckHeader(seen, requireSessionHeader, lineNumber, out error))
        {
            return false;
        }

        FinishMedia(media, mediaHasDirection, sessionDirection);
        description = session;
        error = null;
        return true;
    }

    private static bool TryCheckHeader(
        HashSet<char> seen, bool required, int lineNumber, [NotNullWhen(false)] out SdpError? error)
    {
        error = null;
        if (!required)
        {
            return true;
        }

        foreach (var type in "vost")
        {
            if (!seen.Contains(type))
            {
                error = new SdpError(
                    SdpErrorCode.MissingLine, $"{type}=", $"session description has no {type}= line", lineNumber);
                return false;
            }
        }

        return true;
    }

    /// <summary>A session-level direction applies to media sections that have none of their own (RFC 8866 §6.7).</summary>
    private static void FinishMedia(MediaDescription? media, bool hasDirection, SdpDirection? sessionDirection)
    {
        if (media is not null && !hasDirection && sessionDirection is { } direction)
        {
            media.Direction = direction;
        }
    }

    private static bool TryParseSessionLine(
        SessionDescription session, char type, string value, int lineNumber, ref SdpDirection? sessionDirection,
        [NotNullWhen(false)] out SdpError? error)
    {
        error = null;
        switch (type)
        {
            case 'v' when value != "0":
                error = new SdpError(SdpErrorCode.Syntax, "v=", $"v=: unsupported protocol version '{value}'", lineNumber);
                return false;
            case 'v':
                return true;
            case 'o':
                return TryParseOrigin(session, value, lineNumber, out error);
            case 's':
                session.SessionName = value;
                return true;
            case 't':
                return TryParseTiming(session, value, lineNumber, out error);
            case 'c':
                if (!TryParseConnection(value, lineNumber, out var sessionConnection, out error))
                {
                    return false;
                }

                session.Connection = sessionConnection;
                return true;
            case 'a':
                var (name, attrValue) = SplitAttribute(value);
                if (SdpTokens.TryParseDirection(name, out var direction))
                {
                    sessionDirection = direction;
                }

                if (SdpSessionAttributes.TryApply(session, name, attrValue, out var problem))
                {
                    return true;
                }

                error = new SdpError(SdpErrorCode.Syntax, "a=" + name, $"a={name}: {problem}", lineNumber);
                return false;
            default:
                session.OtherLines.Add(new SdpLine(type, value));
                return true;
        }
    }

    private static bool TryParseMediaLine(
        MediaDescription media, char type, string value, int lineNumber, ref bool hasDirection,
        [NotNullWhen(false)] out SdpError? error)
    {
        error = null;
        switch (type)
        {
            case 'c':
                if (!TryParseConnection(value, lineNumber, out var mediaConnection, out error))
                {
                    return false;
                }

                media.Connection = mediaConnection;
                return true;
            case 'a':
                var (name, attrValue) = SplitAttribute(value);
                hasDirection |= SdpTokens.TryParseDirection(name, out _);
                if (SdpMediaAttributes.TryApply(media, name, attrValue, out var problem))
                {
                    return true;
                }

                error = new SdpError(SdpErrorCode.Syntax, "a=" + name, $"a={name}: {problem}", lineNumber);
                return false;
            default:
                media.OtherLines.Add(new SdpLine(type, value));
                return true;
        }
    }

    /// <summary>m=&lt;media&gt; &lt;port&gt;[/&lt;number of ports&gt;] &lt;proto&gt; &lt;fmt&gt; ... (RFC 8866 §5.14).</summary>
    private static bool TryParseMediaLine(
        string value, int lineNumber, [NotNullWhen(true)] out MediaDescription? media,
        [NotNullWhen(false)] out SdpError? error)
    {
        media = null;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 4)
        {
            error = new SdpError(
                SdpErrorCode.Syntax, "m=", $"m=: expected '<media> <port> <proto> <fmt> ...' but got 'm={value}'", lineNumber);
            return false;
        }

        var portText = parts[1];
        int? portCount = null;
        var slash = portText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!SdpNumbers.TryParsePositive(portText[(slash + 1)..], out var count))
            {
                error = new SdpError(SdpErrorCode.Syntax, "m=", $"m=: invalid port count in '{portText}'", lineNumber);
                return false;
            }

            portCount = count;
            portText = portText[..slash];
        }

        if (!SdpNumbers.TryParsePort(portText, out var port))
        {
            error = new SdpError(SdpErrorCode.Syntax, "m=", $"m=: invalid port '{parts[1]}' in 'm={value}'", lineNumber);
            return false;
        }

        media = new MediaDescription { Kind = parts[0], Port = port, PortCount = portCount, Protocol = parts[2] };
        for (var i = 3; i < parts.Length; i++)
        {
            media.Formats.Add(parts[i]);
        }

        error = null;
        return true;
    }

    /// <summary>o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;address&gt; (RFC 8866 §5.2).</summary>
    private static bool TryParseOrigin(
        SessionDescription session, string value, int lineNumber, [NotNullWhen(false)] out SdpError? error)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 6
            || !ulong.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            error = new SdpError(
                SdpErrorCode.Syntax, "o=",
                $"o=: expected '<username> <sess-id> <sess-version> IN IP4|IP6 <address>' but got 'o={value}'",
                lineNumber);
            return false;
        }

        session.Origin = new SdpOrigin(parts[0], parts[1], version, parts[3], parts[4], parts[5]);
        error = null;
        return true;
    }

    private static bool TryParseTiming(
        SessionDescription session, string value, int lineNumber, [NotNullWhen(false)] out SdpError? error)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2
            || !ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var stop))
        {
            error = new SdpError(SdpErrorCode.Syntax, "t=", $"t=: expected '<start> <stop>' but got 't={value}'", lineNumber);
            return false;
        }

        session.Timing = new SdpTiming(start, stop);
        error = null;
        return true;
    }

    private static bool TryParseConnection(
        string value,
        int lineNumber,
        [NotNullWhen(true)] out SdpConnection? connection,
        [NotNullWhen(false)] out SdpError? error)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3)
        {
            connection = null;
            error = new SdpError(
                SdpErrorCode.Syntax, "c=", $"c=: expected '<nettype> <addrtype> <address>' but got 'c={value}'", lineNumber);
            return false;
        }

        connection = new SdpConnection(parts[0], parts[1], parts[2]);
        error = null;
        return true;
    }

    private static (string Name, string? Value) SplitAttribute(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (text.Trim(), null) : (text[..colon].Trim(), text[(colon + 1)..]);
    }
}
