using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Messenger.MediaServer.Dtls;

namespace Messenger.MediaServer.Tests.Dtls;

public sealed class DtlsCertificateTests
{
    [Fact]
    public void Generate_ProducesSelfSignedEcdsaP256Certificate()
    {
        DtlsCertificate certificate = DtlsCertificate.Generate("test-node");
        using X509Certificate2 parsed = X509CertificateLoader.LoadCertificate(certificate.Der.ToArray());
        using ECDsa? key = parsed.GetECDsaPublicKey();

        Assert.NotNull(key);
        Assert.Equal("1.2.840.10045.3.1.7", key.ExportParameters(false).Curve.Oid.Value); // secp256r1
        Assert.Equal("CN=test-node", parsed.Subject);
        Assert.Equal(parsed.Subject, parsed.Issuer);
        Assert.Equal("1.2.840.10045.4.3.2", parsed.SignatureAlgorithm.Value); // ecdsa-with-SHA256
    }

    [Fact]
    public void Generate_SignatureVerifiesWithItsOwnKey()
    {
        DtlsCertificate certificate = DtlsCertificate.Generate();
        var bc = new Org.BouncyCastle.X509.X509Certificate(certificate.Der.ToArray());

        bc.Verify(bc.GetPublicKey()); // throws if the self-signature is wrong
        Assert.True(certificate.PrivateKey.IsPrivate);
    }

    [Fact]
    public void Generate_ValidityStartsInThePastAndLastsAYear()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        DtlsCertificate certificate = DtlsCertificate.Generate(timeProvider: clock);
        var bc = new Org.BouncyCastle.X509.X509Certificate(certificate.Der.ToArray());

        Assert.Equal(new DateTime(2026, 1, 30, 12, 0, 0, DateTimeKind.Utc), bc.NotBefore.ToUniversalTime());
        Assert.Equal(new DateTime(2027, 3, 1, 12, 0, 0, DateTimeKind.Utc), bc.NotAfter.ToUniversalTime());
        Assert.Equal(clock.GetUtcNow().AddYears(1), certificate.NotAfter);
    }

    [Fact]
    public void Generate_UsesFreshKeysAndPositiveRandomSerials()
    {
        DtlsCertificate a = DtlsCertificate.Generate();
        DtlsCertificate b = DtlsCertificate.Generate();
        var certA = new Org.BouncyCastle.X509.X509Certificate(a.Der.ToArray());
        var certB = new Org.BouncyCastle.X509.X509Certificate(b.Der.ToArray());

        Assert.NotEqual(a.Fingerprint, b.Fingerprint);
        Assert.NotEqual(certA.SerialNumber, certB.SerialNumber);
        Assert.True(certA.SerialNumber.SignValue > 0);
        Assert.NotEqual(certA.GetPublicKey(), certB.GetPublicKey());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
