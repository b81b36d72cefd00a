using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.X509;
using CmsAttribute = Org.BouncyCastle.Asn1.Cms.Attribute;
using CmsAttributeTable = Org.BouncyCastle.Asn1.Cms.AttributeTable;

namespace Messenger.Signalling.Identity;

/// <summary>
/// A GOST R 34.10-2012 (256-bit) key and its certificate, producing detached CMS (RFC 5652) signatures with the
/// Streebog-256 digest (GOST R 34.11-2012, RFC 6986) as ESIA requires of its clients. BouncyCastle does the
/// cryptography: .NET itself has no GOST algorithms.
/// </summary>
public sealed class GostSigner
{
    private const string SignatureAlgorithm = "GOST3411-2012-256WITHECGOST3410-2012-256";

    private readonly AsymmetricKeyParameter _privateKey;

    private GostSigner(AsymmetricKeyParameter privateKey, X509Certificate certificate)
    {
        if (!privateKey.IsPrivate)
        {
            throw new InvalidOperationException("The GOST key file holds no private key.");
        }

        _privateKey = privateKey;
        Certificate = certificate;
        CertificateHash = Convert.ToHexStringLower(Streebog256(certificate.GetEncoded()));
    }

    public X509Certificate Certificate { get; }

    /// <summary>ESIA v2's client_certificate_hash: hex Streebog-256 of the certificate's DER encoding.</summary>
    public string CertificateHash { get; }

    public static GostSigner FromPem(string certificatePath, string privateKeyPath)
    {
        var certificate = new X509CertificateParser().ReadCertificate(File.ReadAllBytes(certificatePath))
            ?? throw new InvalidOperationException($"No certificate in {certificatePath}.");
        using var reader = new StreamReader(privateKeyPath);
        var key = new PemReader(reader).ReadObject() switch
        {
            AsymmetricKeyParameter parameter => parameter,
            AsymmetricCipherKeyPair pair => pair.Private,
            _ => throw new InvalidOperationException($"No private key in {privateKeyPath}."),
        };
        return new GostSigner(key, certificate);
    }

    public static GostSigner FromPkcs12(string path, string password)
    {
        using var stream = File.OpenRead(path);
        var store = new Pkcs12StoreBuilder().Build();
        store.Load(stream, password.ToCharArray());
        var alias = store.Aliases.FirstOrDefault(store.IsKeyEntry)
            ?? throw new InvalidOperationException($"No key entry in {path}.");
        return new GostSigner(store.GetKey(alias).Key, store.GetCertificate(alias).Certificate);
    }

    /// <summary>
    /// A detached CMS SignedData over <paramref name="content"/>, DER encoded, carrying the signer's certificate and
    /// a signing-time attribute taken from our clock rather than the machine's.
    /// </summary>
    public byte[] SignDetached(byte[] content, DateTimeOffset signingTime)
    {
        var signedAttributes = new Asn1EncodableVector
        {
            new CmsAttribute(CmsAttributes.SigningTime, new DerSet(new Time(signingTime.UtcDateTime))),
        };
        var signerInfo = new SignerInfoGeneratorBuilder()
            .WithSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new CmsAttributeTable(signedAttributes)))
            .Build(new Asn1SignatureFactory(SignatureAlgorithm, _privateKey), Certificate);
        var generator = new CmsSignedDataGenerator();
        generator.AddSignerInfoGenerator(signerInfo);
        generator.AddCertificate(Certificate);
        return generator.Generate(new CmsProcessableByteArray(content), encapsulate: false).GetEncoded(Asn1Encodable.Der);
    }

    public static byte[] Streebog256(byte[] data)
    {
        var digest = new Gost3411_2012_256Digest();
        digest.BlockUpdate(data, 0, data.Length);
        var hash = new byte[digest.GetDigestSize()];
        digest.DoFinal(hash, 0);
        return hash;
    }
}
