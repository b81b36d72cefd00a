using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.CryptoPro;
using Org.BouncyCastle.Asn1.Rosstandart;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Messenger.ChatCore.Documents;

/// <summary>
/// Makes a new key with a self-signed certificate for one allow-listed algorithm. ECDSA P-256 and RSA-PSS (3072-bit)
/// come from .NET's <see cref="CertificateRequest"/>; GOST R 34.10-2012 from BouncyCastle, on the TC 26 paramSetA
/// curves (RFC 7836 §A / RFC 9215), which Debian's GOST engine knows as "TCA" (256) and "A" (512). The CryptoPro
/// 2001 curves are avoided for new keys because BouncyCastle then labels the key GOST 2001.
/// The certificate is a self-signed leaf: valid for one year, digitalSignature and nonRepudiation.
/// </summary>
public static class SigningKeyFactory
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    public static SigningKeyMaterial Generate(string algorithm, string commonName, DateTimeOffset now) => algorithm switch
    {
        SignatureAlgorithms.EcdsaP256 => DotNetSelfSigned(algorithm, commonName, now),
        SignatureAlgorithms.RsaPss => DotNetSelfSigned(algorithm, commonName, now),
        SignatureAlgorithms.Gost2012_256 or SignatureAlgorithms.Gost2012_512 => GostSelfSigned(algorithm, commonName, now),
        _ => throw new ArgumentException("Unknown algorithm " + algorithm, nameof(algorithm)),
    };

    private static SigningKeyMaterial DotNetSelfSigned(string algorithm, string commonName, DateTimeOffset now)
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(commonName);
        using AsymmetricAlgorithm key = algorithm == SignatureAlgorithms.EcdsaP256
            ? ECDsa.Create(ECCurve.NamedCurves.nistP256)
            : RSA.Create(3072);
        var request = key is ECDsa ec
            ? new CertificateRequest(name.Build(), ec, HashAlgorithmName.SHA256)
            : new CertificateRequest(name.Build(), (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, critical: true));
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now + Lifetime);
        return new SigningKeyMaterial(algorithm, key.ExportPkcs8PrivateKey(), certificate.RawData);
    }

    private static SigningKeyMaterial GostSelfSigned(string algorithm, string commonName, DateTimeOffset now)
    {
        var is256 = algorithm == SignatureAlgorithms.Gost2012_256;
        var curve = is256 ? RosstandartObjectIdentifiers.id_tc26_gost_3410_12_256_paramSetA : RosstandartObjectIdentifiers.id_tc26_gost_3410_12_512_paramSetA;
        var digest = is256 ? RosstandartObjectIdentifiers.id_tc26_gost_3411_12_256 : RosstandartObjectIdentifiers.id_tc26_gost_3411_12_512;
        var domain = new ECGost3410Parameters(
            new ECNamedDomainParameters(curve, ECGost3410NamedCurves.GetByOid(curve)), curve, digest, null);
        var generator = new ECKeyPairGenerator("ECGOST3410");
        generator.Init(new ECKeyGenerationParameters(domain, new SecureRandom()));
        var pair = generator.GenerateKeyPair();

        var subject = new X509Name([X509Name.CN], [commonName]);
        var certificate = new X509V3CertificateGenerator();
        certificate.SetSerialNumber(new BigInteger(1, RandomNumberGenerator.GetBytes(16)));
        certificate.SetIssuerDN(subject);
        certificate.SetSubjectDN(subject);
        certificate.SetNotBefore(now.AddMinutes(-5).UtcDateTime);
        certificate.SetNotAfter((now + Lifetime).UtcDateTime);
        certificate.SetPublicKey(pair.Public);
        certificate.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.NonRepudiation));
        var signatureName = is256 ? "GOST3411-2012-256WITHECGOST3410-2012-256" : "GOST3411-2012-512WITHECGOST3410-2012-512";
        var signed = certificate.Generate(new Asn1SignatureFactory(signatureName, pair.Private));
        return new SigningKeyMaterial(algorithm, PrivateKeyInfoFactory.CreatePrivateKeyInfo(pair.Private).GetDerEncoded(), signed.GetEncoded());
    }

    /// <summary>Which allow-listed algorithm a certificate's key is for; null when none.</summary>
    public static string? AlgorithmOf(Org.BouncyCastle.X509.X509Certificate certificate)
    {
        var key = certificate.CertificateStructure.SubjectPublicKeyInfo.Algorithm;
        return key.Algorithm.Id switch
        {
            SignatureAlgorithms.EcPublicKey when key.Parameters is DerObjectIdentifier { Id: SignatureAlgorithms.P256 } => SignatureAlgorithms.EcdsaP256,
            SignatureAlgorithms.RsaEncryption when certificate.GetPublicKey() is RsaKeyParameters { Modulus.BitLength: >= SignatureAlgorithms.MinRsaBits }
                => SignatureAlgorithms.RsaPss,
            SignatureAlgorithms.Gost2012Key256 => SignatureAlgorithms.Gost2012_256,
            SignatureAlgorithms.Gost2012Key512 => SignatureAlgorithms.Gost2012_512,
            _ => null,
        };
    }

    internal static byte[] Pkcs8Of(AsymmetricKeyParameter privateKey) =>
        PrivateKeyInfoFactory.CreatePrivateKeyInfo(privateKey).GetDerEncoded();
}
