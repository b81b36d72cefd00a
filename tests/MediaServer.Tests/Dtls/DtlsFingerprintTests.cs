using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Messenger.MediaServer.Dtls;

namespace Messenger.MediaServer.Tests.Dtls;

public sealed partial class DtlsFingerprintTests
{
    private static readonly DtlsCertificate Certificate = DtlsCertificate.Generate();

    [GeneratedRegex("^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$")]
    private static partial Regex Sha256Format();

    [Fact]
    public void Fingerprint_IsUppercaseColonSeparatedSha256()
    {
        Assert.Matches(Sha256Format(), Certificate.Fingerprint);
    }

    [Fact]
    public void Fingerprint_AgreesWithDotNetCertificateHash()
    {
        using X509Certificate2 parsed = X509CertificateLoader.LoadCertificate(Certificate.Der.ToArray());
        string expected = "sha-256 " + string.Join(':', parsed.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2")));

        Assert.Equal(expected, Certificate.Fingerprint);
    }

    [Fact]
    public void Matches_OwnFingerprint_InAnyCase()
    {
        Assert.True(DtlsCertificate.MatchesFingerprint(Certificate.Der, Certificate.Fingerprint));
        Assert.True(DtlsFingerprint.Matches(Certificate.Der, Certificate.Fingerprint.ToLowerInvariant()));
        Assert.True(DtlsFingerprint.Matches(Certificate.Der, "SHA-256 " + Certificate.Fingerprint[8..]));
        Assert.True(DtlsFingerprint.Matches(Certificate.Der, "  " + Certificate.Fingerprint + " \r\n"));
    }

    [Fact]
    public void Matches_OtherAlgorithmsFromRfc8122()
    {
        byte[] der = Certificate.Der.ToArray();
#pragma warning disable CA5350 // Checking that legacy sha-1 fingerprints from older peers still parse.
        Assert.True(DtlsFingerprint.Matches(der, "sha-1 " + Hex(SHA1.HashData(der))));
#pragma warning restore CA5350
        Assert.True(DtlsFingerprint.Matches(der, "sha-384 " + Hex(SHA384.HashData(der))));
        Assert.True(DtlsFingerprint.Matches(der, "sha-512 " + Hex(SHA512.HashData(der))));
    }

    [Fact]
    public void DoesNotMatch_AnotherCertificate()
    {
        DtlsCertificate other = DtlsCertificate.Generate();

        Assert.False(DtlsFingerprint.Matches(other.Der, Certificate.Fingerprint));
    }

    [Fact]
    public void DoesNotMatch_WhenOneDigestByteDiffers()
    {
        char[] chars = Certificate.Fingerprint.ToCharArray();
        int last = chars.Length - 1;
        chars[last] = chars[last] == '0' ? '1' : '0';

        Assert.False(DtlsFingerprint.Matches(Certificate.Der, new string(chars)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("sha-256 ")]
    [InlineData("md5 AB:CD")]
    [InlineData("sha-256 AB:CD:EF")]
    [InlineData("sha-256 ZZ:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00")]
    [InlineData("sha-256 00-00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00")]
    [InlineData("sha-256 000:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00")]
    public void TryParse_RejectsMalformedValues(string value)
    {
        Span<byte> digest = stackalloc byte[64];

        Assert.False(DtlsFingerprint.TryParse(value, out _, digest, out int length));
        Assert.Equal(0, length);
        Assert.False(DtlsFingerprint.Matches(Certificate.Der, value));
    }

    [Fact]
    public void TryParse_ReturnsDigestBytes()
    {
        Span<byte> digest = stackalloc byte[64];

        Assert.True(DtlsFingerprint.TryParse("sha-256 " + Hex(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray()).ToLowerInvariant(),
            out HashAlgorithmName algorithm, digest, out int length));
        Assert.Equal(HashAlgorithmName.SHA256, algorithm);
        Assert.Equal(32, length);
        Assert.Equal(31 * 7, digest[31]);
    }

    private static string Hex(byte[] digest) => string.Join(':', digest.Select(b => b.ToString("X2")));
}
