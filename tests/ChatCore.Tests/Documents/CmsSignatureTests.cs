using System.Text;
using Messenger.ChatCore.Documents;
using Org.BouncyCastle.X509;

namespace Messenger.ChatCore.Tests.Documents;

/// <summary>Our signer and verifier against each other: each allowed algorithm, tampering, trust, expiry.</summary>
public sealed class CmsSignatureTests
{
    private static readonly byte[] Document = Encoding.UTF8.GetBytes("Договор поставки №7\nThe parties agree as follows.\n");

    public static TheoryData<string> Algorithms => [.. SignatureAlgorithms.All];

    private static TrustedRoots RootsOf(SigningKeyMaterial key) =>
        new([new X509CertificateParser().ReadCertificate(key.Certificate)]);

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Signature_verifies_as_valid_under_its_own_root(string algorithm)
    {
        var now = DateTimeOffset.UtcNow;
        var key = SigningKeyFactory.Generate(algorithm, "Иван Петров", now);

        var cms = CmsDocumentSigner.Sign(Document, key, now);
        var check = new CmsSignatureVerifier(RootsOf(key), TimeProvider.System).Verify(Document, cms);

        Assert.True(check.Status == SignatureStatus.Valid, check.Reason);
        Assert.Equal("Иван Петров", check.SignerName);
        Assert.Equal(algorithm, check.Algorithm);
        Assert.Equal(now.ToUnixTimeSeconds(), check.SigningTime!.Value.ToUnixTimeSeconds());
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void A_changed_document_is_invalid(string algorithm)
    {
        var now = DateTimeOffset.UtcNow;
        var key = SigningKeyFactory.Generate(algorithm, "Signer", now);
        var cms = CmsDocumentSigner.Sign(Document, key, now);
        var tampered = (byte[])Document.Clone();
        tampered[^2] ^= 0x01;

        var check = new CmsSignatureVerifier(RootsOf(key), TimeProvider.System).Verify(tampered, cms);

        Assert.Equal(SignatureStatus.Invalid, check.Status);
        Assert.Contains("message digest", check.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void A_signer_outside_the_trusted_roots_is_untrusted(string algorithm)
    {
        var now = DateTimeOffset.UtcNow;
        var key = SigningKeyFactory.Generate(algorithm, "Stranger", now);
        var otherRoot = SigningKeyFactory.Generate(SignatureAlgorithms.EcdsaP256, "Stranger", now);

        var cms = CmsDocumentSigner.Sign(Document, key, now);

        Assert.Equal(SignatureStatus.Untrusted, new CmsSignatureVerifier(new TrustedRoots([]), TimeProvider.System).Verify(Document, cms).Status);
        var check = new CmsSignatureVerifier(RootsOf(otherRoot), TimeProvider.System).Verify(Document, cms);
        Assert.Equal(SignatureStatus.Untrusted, check.Status);
        Assert.Contains("No trusted root", check.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_expired_at_the_signing_time_is_invalid()
    {
        var now = DateTimeOffset.UtcNow;
        var key = SigningKeyFactory.Generate(SignatureAlgorithms.Gost2012_256, "Old key", now - TimeSpan.FromDays(800));

        var cms = CmsDocumentSigner.Sign(Document, key, now);
        var check = new CmsSignatureVerifier(RootsOf(key), TimeProvider.System).Verify(Document, cms);

        Assert.Equal(SignatureStatus.Invalid, check.Status);
        Assert.Contains("not valid at the signing time", check.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signing_time_in_the_future_is_invalid()
    {
        var now = DateTimeOffset.UtcNow;
        var key = SigningKeyFactory.Generate(SignatureAlgorithms.EcdsaP256, "Time traveller", now);

        var cms = CmsDocumentSigner.Sign(Document, key, now + TimeSpan.FromDays(2));

        Assert.Equal(SignatureStatus.Invalid, new CmsSignatureVerifier(RootsOf(key), TimeProvider.System).Verify(Document, cms).Status);
    }

    [Theory]
    [InlineData(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 })]
    [InlineData(new byte[] { 0x01, 0x02, 0x03 })]
    public void Bytes_that_are_not_CMS_are_refused_with_a_reason(byte[] garbage)
    {
        var check = new CmsSignatureVerifier(new TrustedRoots([]), TimeProvider.System).Verify(Document, garbage);

        Assert.Equal(SignatureStatus.Invalid, check.Status);
        Assert.False(string.IsNullOrEmpty(check.Reason));
    }
}
