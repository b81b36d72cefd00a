using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;

namespace Messenger.ChatCore.Documents;

/// <summary>
/// Lets BouncyCastle's CMS encoder use .NET for ECDSA P-256 and RSA-PSS: BouncyCastle writes the SignedData, the
/// platform crypto makes the signature. ECDSA signatures are DER SEQUENCE{r,s} as RFC 5753 §2.1.1 wants; RSA-PSS uses
/// SHA-256, MGF1 with SHA-256 and a 32-byte salt, announced in RSASSA-PSS-params (RFC 4056 §3).
/// </summary>
internal sealed class DotNetSignatureFactory : ISignatureFactory, IDisposable
{
    private readonly AsymmetricAlgorithm _key;
    private readonly Func<byte[], byte[]> _sign;

    private DotNetSignatureFactory(AsymmetricAlgorithm key, AlgorithmIdentifier algorithm, Func<byte[], byte[]> sign)
    {
        _key = key;
        AlgorithmDetails = algorithm;
        _sign = sign;
    }

    public object AlgorithmDetails { get; }

    public static DotNetSignatureFactory Ecdsa(byte[] pkcs8)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return new DotNetSignatureFactory(ecdsa, new AlgorithmIdentifier(new DerObjectIdentifier(SignatureAlgorithms.EcdsaWithSha256)),
            data => ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    public static DotNetSignatureFactory RsaPss(byte[] pkcs8)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        var sha256 = new AlgorithmIdentifier(new DerObjectIdentifier(SignatureAlgorithms.Sha256), DerNull.Instance);
        var parameters = new RsassaPssParameters(
            sha256, new AlgorithmIdentifier(PkcsObjectIdentifiers.IdMgf1, sha256), DerInteger.ValueOf(32), DerInteger.ValueOf(1));
        return new DotNetSignatureFactory(rsa, new AlgorithmIdentifier(PkcsObjectIdentifiers.IdRsassaPss, parameters),
            data => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
    }

    public IStreamCalculator<IBlockResult> CreateCalculator() => new Calculator(_sign);

    public void Dispose() => _key.Dispose();

    /// <summary>Collects what BouncyCastle writes (the DER of the signed attributes) and signs it when asked.</summary>
    private sealed class Calculator(Func<byte[], byte[]> sign) : IStreamCalculator<IBlockResult>
    {
        // A plain MemoryStream holds no unmanaged resource; BouncyCastle disposes the stream it writes to.
        public Stream Stream { get; } = new MemoryStream();

        public IBlockResult GetResult() => new SimpleBlockResult(sign(((MemoryStream)Stream).ToArray()));
    }
}
