using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Messenger.ChatCore.Documents;

/// <summary>A private key (PKCS#8 DER), its certificate (DER) and which allow-listed algorithm they make.</summary>
public sealed record SigningKeyMaterial(string Algorithm, byte[] Pkcs8, byte[] Certificate);

/// <summary>
/// Makes a detached CMS SignedData (RFC 5652 §5) over a document: one SignerInfo with contentType, messageDigest and
/// signingTime signed attributes (§11), the signer's certificate included. GOST R 34.10-2012 signs with Streebog
/// through BouncyCastle (RFC 9337 profile); ECDSA P-256 and RSA-PSS sign through .NET (<see cref="DotNetSignatureFactory"/>).
/// </summary>
public static class CmsDocumentSigner
{
    public static byte[] Sign(byte[] document, SigningKeyMaterial key, DateTimeOffset signingTime)
    {
        var certificate = new X509CertificateParser().ReadCertificate(key.Certificate);
        var factory = CreateFactory(key);
        try
        {
            var signedAttributes = new Asn1EncodableVector
            {
                new Org.BouncyCastle.Asn1.Cms.Attribute(CmsAttributes.SigningTime, new DerSet(new Time(signingTime.UtcDateTime))),
            };
            var signerInfo = new SignerInfoGeneratorBuilder()
                .WithSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(signedAttributes)))
                .Build(factory, certificate);
            var generator = new CmsSignedDataGenerator();
            generator.AddSignerInfoGenerator(signerInfo);
            generator.AddCertificate(certificate);
            return generator.Generate(new CmsProcessableByteArray(document), encapsulate: false).GetEncoded(Asn1Encodable.Der);
        }
        finally
        {
            (factory as IDisposable)?.Dispose();
        }
    }

    private static ISignatureFactory CreateFactory(SigningKeyMaterial key) => key.Algorithm switch
    {
        SignatureAlgorithms.Gost2012_256 =>
            new Asn1SignatureFactory("GOST3411-2012-256WITHECGOST3410-2012-256", PrivateKeyFactory.CreateKey(key.Pkcs8)),
        SignatureAlgorithms.Gost2012_512 =>
            new Asn1SignatureFactory("GOST3411-2012-512WITHECGOST3410-2012-512", PrivateKeyFactory.CreateKey(key.Pkcs8)),
        SignatureAlgorithms.EcdsaP256 => DotNetSignatureFactory.Ecdsa(key.Pkcs8),
        SignatureAlgorithms.RsaPss => DotNetSignatureFactory.RsaPss(key.Pkcs8),
        _ => throw new ArgumentException("Unknown algorithm " + key.Algorithm, nameof(key)),
    };
}
