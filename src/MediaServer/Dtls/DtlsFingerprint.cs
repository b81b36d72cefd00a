using System.Security.Cryptography;

namespace Messenger.MediaServer.Dtls;

/// <summary>
/// Certificate fingerprints as carried in SDP <c>a=fingerprint</c> (RFC 8122 §5): a hash function name followed
/// by the digest of the DER certificate as colon-separated uppercase hex pairs.
/// </summary>
public static class DtlsFingerprint
{
    private const int MaxDigestLength = 64; // SHA-512

    /// <summary>The SDP fingerprint value ("sha-256 AB:CD:...") of a DER-encoded certificate.</summary>
    public static string ComputeSha256(ReadOnlySpan<byte> certificateDer)
    {
        return Format("sha-256", SHA256.HashData(certificateDer));
    }

    /// <summary>
    /// True when <paramref name="sdpFingerprint"/> (e.g. "sha-256 AB:CD:...", hex case-insensitive) is the digest
    /// of <paramref name="certificateDer"/>. Supports sha-1/256/384/512 (RFC 8122 §5 lists the IANA names);
    /// the digests are compared in constant time. Malformed input simply does not match.
    /// </summary>
    public static bool Matches(ReadOnlySpan<byte> certificateDer, ReadOnlySpan<char> sdpFingerprint)
    {
        Span<byte> expected = stackalloc byte[MaxDigestLength];
        if (!TryParse(sdpFingerprint, out HashAlgorithmName algorithm, expected, out int expectedLength))
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[MaxDigestLength];
        int actualLength = Hash(algorithm, certificateDer, actual);
        return actualLength == expectedLength
            && CryptographicOperations.FixedTimeEquals(actual[..actualLength], expected[..expectedLength]);
    }

    /// <summary>Parses "name HEX:HEX:..." into the hash algorithm and the digest bytes.</summary>
    public static bool TryParse(
        ReadOnlySpan<char> sdpFingerprint, out HashAlgorithmName algorithm, Span<byte> digest, out int digestLength)
    {
        algorithm = default;
        digestLength = 0;

        ReadOnlySpan<char> value = sdpFingerprint.Trim();
        int space = value.IndexOfAny(' ', '\t');
        if (space <= 0)
        {
            return false;
        }

        int expectedLength = DigestLength(value[..space], out algorithm);
        if (expectedLength == 0 || digest.Length < expectedLength)
        {
            return false;
        }

        ReadOnlySpan<char> hex = value[(space + 1)..].TrimStart();

        // Exactly "XX" followed by ":XX" for every further byte.
        if (hex.Length != (expectedLength * 3) - 1)
        {
            return false;
        }

        for (int i = 0; i < expectedLength; i++)
        {
            int pos = i * 3;
            if (i > 0 && hex[pos - 1] != ':')
            {
                return false;
            }

            int hi = HexValue(hex[pos]);
            int lo = HexValue(hex[pos + 1]);
            if ((hi | lo) < 0)
            {
                return false;
            }

            digest[i] = (byte)((hi << 4) | lo);
        }

        digestLength = expectedLength;
        return true;
    }

    private static string Format(string algorithmName, byte[] digest)
    {
        // Colon-separated uppercase hex, the form browsers emit (RFC 8122 §5 allows either case).
        int length = algorithmName.Length + (digest.Length * 3);
        return string.Create(length, (algorithmName, digest), static (chars, state) =>
        {
            const string Hex = "0123456789ABCDEF";
            state.algorithmName.AsSpan().CopyTo(chars);
            int pos = state.algorithmName.Length;
            foreach (byte b in state.digest)
            {
                chars[pos] = pos == state.algorithmName.Length ? ' ' : ':';
                chars[pos + 1] = Hex[b >> 4];
                chars[pos + 2] = Hex[b & 0xF];
                pos += 3;
            }
        });
    }

    private static int DigestLength(ReadOnlySpan<char> name, out HashAlgorithmName algorithm)
    {
        if (name.Equals("sha-256", StringComparison.OrdinalIgnoreCase))
        {
            algorithm = HashAlgorithmName.SHA256;
            return SHA256.HashSizeInBytes;
        }

        if (name.Equals("sha-384", StringComparison.OrdinalIgnoreCase))
        {
            algorithm = HashAlgorithmName.SHA384;
            return SHA384.HashSizeInBytes;
        }

        if (name.Equals("sha-512", StringComparison.OrdinalIgnoreCase))
        {
            algorithm = HashAlgorithmName.SHA512;
            return SHA512.HashSizeInBytes;
        }

        if (name.Equals("sha-1", StringComparison.OrdinalIgnoreCase))
        {
            // Deprecated for new offers (RFC 8122 §5) but still accepted from older peers.
            algorithm = HashAlgorithmName.SHA1;
            return SHA1.HashSizeInBytes;
        }

        algorithm = default;
        return 0;
    }

    private static int Hash(HashAlgorithmName algorithm, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (algorithm == HashAlgorithmName.SHA256)
        {
            return SHA256.HashData(data, destination);
        }

        if (algorithm == HashAlgorithmName.SHA384)
        {
            return SHA384.HashData(data, destination);
        }

        if (algorithm == HashAlgorithmName.SHA512)
        {
            return SHA512.HashData(data, destination);
        }

#pragma warning disable CA5350 // SHA-1 is only used to check a fingerprint the peer chose, not to protect anything new.
        return SHA1.HashData(data, destination);
#pragma warning restore CA5350
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
