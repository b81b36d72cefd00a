using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.X509;
using TlsCertificateChain = Org.BouncyCastle.Tls.Certificate;

namespace Messenger.MediaServer.Dtls;

/// <summary>
/// The self-signed ECDSA P-256 certificate we present in every DTLS handshake. WebRTC does not use PKI: the peer
/// trusts it only because its SHA-256 fingerprint travels in our SDP (RFC 8827 §6.5, RFC 8122 §5), so one
/// certificate per process start is enough. P-256 is what browsers generate and accept by default.
/// </summary>
public sealed class DtlsCertificate
{
    private readonly byte[] _der;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey, string subject, DateTimeOffset notAfter)
    {
        _der = der;
        PrivateKey = privateKey;
        Subject = subject;
        NotAfter = notAfter;
        Fingerprint = DtlsFingerprint.ComputeSha256(der);
    }

    /// <summary>SDP value for <c>a=fingerprint:</c>, e.g. "sha-256 AB:CD:...".</summary>
    public string Fingerprint { get; }

    /// <summary>The ECDSA private key in the form BouncyCastle TLS signs with.</summary>
    public AsymmetricKeyParameter PrivateKey { get; }

    public string Subject { get; }

    public DateTimeOffset NotAfter { get; }

    /// <summary>DER encoding of the X.509 certificate.</summary>
    public ReadOnlySpan<byte> Der => _der;

    /// <summary>
    /// Generates a fresh key pair and certificate: random positive 128-bit serial, valid from 30 days ago (tolerates
    /// peers with skewed clocks, should any of them check) to one year ahead.
    /// </summary>
    public static DtlsCertificate Generate(string commonName = "messenger-sfu", TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        var random = new SecureRandom();

        var keyGenerator = new ECKeyPairGenerator("EC");
        // A named curve, so the certificate carries the P-256 OID that TLS peers insist on (RFC 8422 §5.1.1).
        keyGenerator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        AsymmetricCipherKeyPair keyPair = keyGenerator.GenerateKeyPair();

        byte[] serial = new byte[16];
        random.NextBytes(serial);
        serial[0] &= 0x7F; // RFC 5280 §4.1.2.2: the serial must be positive.
        serial[0] |= 0x01; // and non-zero.

        DateTimeOffset now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        DateTimeOffset notAfter = now.AddYears(1);
        var name = new X509Name("CN=" + commonName);

        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(new BigInteger(1, serial));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(now.AddDays(-30).UtcDateTime);
        generator.SetNotAfter(notAfter.UtcDateTime);
        generator.SetPublicKey(keyPair.Public);

        X509Certificate certificate = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", keyPair.Private, random));
        return new DtlsCertificate(certificate.GetEncoded(), keyPair.Private, name.ToString(), notAfter);
    }

    /// <summary>True when <paramref name="certificateDer"/> hashes to <paramref name="sdpFingerprint"/>.</summary>
    public static bool MatchesFingerprint(ReadOnlySpan<byte> certificateDer, string sdpFingerprint) =>
        DtlsFingerprint.Matches(certificateDer, sdpFingerprint);

    /// <summary>The certificate as a one-element BouncyCastle TLS chain bound to <paramref name="crypto"/>.</summary>
    internal TlsCertificateChain ToTlsChain(TlsCrypto crypto) =>
        new([crypto.CreateCertificate(_der)]);
}
