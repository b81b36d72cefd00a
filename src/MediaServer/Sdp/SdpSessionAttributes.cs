namespace Messenger.MediaServer.Sdp;

/// <summary>Interprets session-level a= lines; unknown ones are kept verbatim.</summary>
internal static class SdpSessionAttributes
{
    public static bool TryApply(SessionDescription session, string name, string? value, out string? problem)
    {
        problem = null;
        switch (name)
        {
            case "group":
                var parts = Required(value, out problem)?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts is null || parts.Length == 0)
                {
                    problem ??= "expected '<semantics> <mid> ...'";
                    return false;
                }

                session.Groups.Add(new SdpGroup(parts[0], parts[1..]));
                return true;
            case "ice-lite":
                session.IceLite = true;
                return true;
            case "ice-ufrag":
                session.IceUfrag = Required(value, out problem);
                return problem is null;
            case "ice-pwd":
                session.IcePwd = Required(value, out problem);
                return problem is null;
            case "ice-options":
                session.IceOptions.AddRange(SplitTokens(value));
                return true;
            case "fingerprint":
                return TryAddFingerprint(session.Fingerprints, value, out problem);
            case "setup":
                session.Setup = ParseSetup(value, out problem);
                return problem is null;
            case "extmap-allow-mixed":
                session.ExtmapAllowMixed = true;
                return true;
            case "msid-semantic":
                session.MsidSemantic = value?.Trim() ?? string.Empty;
                return true;
            default:
                session.Attributes.Add(new SdpAttribute(name, value));
                return true;
        }
    }

    /// <summary>The trimmed value, or null with a problem when an attribute that needs a value has none.</summary>
    internal static string? Required(string? value, out string? problem)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            problem = "missing value";
            return null;
        }

        problem = null;
        return trimmed;
    }

    internal static string[] SplitTokens(string? value) =>
        value?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

    internal static bool TryAddFingerprint(List<SdpFingerprint> list, string? value, out string? problem)
    {
        var text = Required(value, out problem);
        if (text is null || !SdpFingerprint.TryParse(text, out var fingerprint, out problem))
        {
            return false;
        }

        list.Add(fingerprint!);
        return true;
    }

    internal static SdpSetupRole? ParseSetup(string? value, out string? problem)
    {
        var text = Required(value, out problem);
        if (text is null)
        {
            return null;
        }

        if (SdpTokens.TryParseSetupRole(text, out var role))
        {
            return role;
        }

        problem = $"expected actpass, active, passive or holdconn but got '{text}'";
        return null;
    }
}
