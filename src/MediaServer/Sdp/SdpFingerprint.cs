using System.Globalization;

namespace Messenger.MediaServer.Sdp;

/// <summary>
/// a=fingerprint (RFC 8122 §5): hash function name and the certificate digest as colon-separated upper-case hex.
/// </summary>
public sealed record SdpFingerprint(string Algorithm, string Value)
{
    public override string ToString() => $"{Algorithm} {Value}";

    /// <summary>Parses "sha-256 AB:CD:..."; the hash name is lower-cased because RFC 8122 §5 says it is case-insensitive.</summary>
    public static bool TryParse(string text, out SdpFingerprint? fingerprint, out string? problem)
    {
        fingerprint = null;
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            problem = $"expected '<hash-func> <hex>' but got '{text}'";
            return false;
        }

        var algorithm = text[..space].ToLowerInvariant();
        var value = text[(space + 1)..].Trim();
        if (!IsHexPairs(value))
        {
            problem = $"digest '{value}' is not colon-separated hex pairs";
            return false;
        }

        fingerprint = new SdpFingerprint(algorithm, value.ToUpperInvariant());
        problem = null;
        return true;
    }

    /// <summary>Builds the text form of a digest, e.g. from a certificate's SHA-256 hash.</summary>
    public static SdpFingerprint FromDigest(string algorithm, ReadOnlySpan<byte> digest)
    {
        return new SdpFingerprint(algorithm, digest.IsEmpty ? string.Empty : Format(digest));

        static string Format(ReadOnlySpan<byte> bytes)
        {
            var chars = new char[(bytes.Length * 3) - 1];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i].TryFormat(chars.AsSpan(i * 3, 2), out _, "X2", CultureInfo.InvariantCulture);
                if (i + 1 < bytes.Length)
                {
                    chars[(i * 3) + 2] = ':';
                }
            }

            return new string(chars);
        }
    }

    /// <summary>Decodes the digest bytes; false if the value is not hex pairs.</summary>
    public bool TryGetDigest(out byte[] digest)
    {
        digest = [];
        if (!IsHexPairs(Value))
        {
            return false;
        }

        digest = Convert.FromHexString(Value.Replace(":", string.Empty, StringComparison.Ordinal));
        return true;
    }

    private static bool IsHexPairs(string value)
    {
        if (value.Length < 2 || (value.Length + 1) % 3 != 0)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var ok = i % 3 == 2 ? value[i] == ':' : char.IsAsciiHexDigit(value[i]);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
