namespace Messenger.ChatCore.Documents;

/// <summary>
/// The allow-list. Each entry pairs a digest with a signature scheme and the key it needs; anything else (SHA-1,
/// RSA PKCS#1 v1.5, GOST 2001, other curves) is refused as <see cref="SignatureStatus.Invalid"/>.
/// OIDs: GOST R 34.10/34.11-2012 from RFC 9215 / TC 26; ECDSA from RFC 5758; RSASSA-PSS from RFC 4056 / RFC 8017.
/// </summary>
public static class SignatureAlgorithms
{
    public const string Gost2012_256 = "gost2012-256";
    public const string Gost2012_512 = "gost2012-512";
    public const string EcdsaP256 = "ecdsa-p256-sha256";
    public const string RsaPss = "rsa-pss-sha256";

    public static IReadOnlyList<string> All { get; } = [Gost2012_256, Gost2012_512, EcdsaP256, RsaPss];

    internal const string Sha256 = "2.16.840.1.101.3.4.2.1";
    internal const string Streebog256 = "1.2.643.7.1.1.2.2";
    internal const string Streebog512 = "1.2.643.7.1.1.2.3";
    internal const string EcPublicKey = "1.2.840.10045.2.1";
    internal const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    internal const string P256 = "1.2.840.10045.3.1.7";
    internal const string RsaEncryption = "1.2.840.113549.1.1.1";
    internal const string RsassaPss = "1.2.840.113549.1.1.10";
    internal const string Mgf1 = "1.2.840.113549.1.1.8";
    internal const string Gost2012Key256 = "1.2.643.7.1.1.1.1";
    internal const string Gost2012Key512 = "1.2.643.7.1.1.1.2";
    internal const string Gost2012Sign256 = "1.2.643.7.1.1.3.2";
    internal const string Gost2012Sign512 = "1.2.643.7.1.1.3.3";

    /// <summary>Smallest RSA modulus accepted (NIST SP 800-131A).</summary>
    internal const int MinRsaBits = 2048;

    public static bool IsKnown(string? name) => name is not null && All.Contains(name);
}
