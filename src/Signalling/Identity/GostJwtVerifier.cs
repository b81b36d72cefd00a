using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Org.BouncyCastle.Asn1.Rosstandart;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities.IO.Pem;
using Org.BouncyCastle.X509;

namespace Messenger.Signalling.Identity;

/// <summary>
/// Verifies the signature of a JWS (RFC 7515, compact form) that ESIA signed with GOST R 34.10-2012, which .NET and
/// Microsoft.IdentityModel do not implement. ESIA names the algorithm in the header as <c>GOST3410_2012_256</c> (or
/// <c>_512</c>); the digest is Streebog (GOST R 34.11-2012, RFC 6986) of the ASCII signing input
/// <c>base64url(header) "." base64url(payload)</c>, and the signature is the 64 (128) bytes <c>s || r</c>, each
/// half big-endian — what OpenSSL's GOST engine writes for <c>dgst -sign</c> and the layout of a GOST CMS signature
/// value (RFC 4491 §2.2.2). docs/identity.md says how that was established. Only the signature is checked here; the
/// claims go through the same checks as any other ID token (<see cref="IdTokenValidator"/>).
/// </summary>
public sealed class GostJwtVerifier
{
    public const string Gost256 = "GOST3410_2012_256";
    public const string Gost512 = "GOST3410_2012_512";

    private readonly ECPublicKeyParameters _key;

    private GostJwtVerifier(ECPublicKeyParameters key, string algorithm)
    {
        _key = key;
        Algorithm = algorithm;
    }

    /// <summary>The one JWS alg this key verifies: the key size fixes the curve and the Streebog variant.</summary>
    public string Algorithm { get; }

    public static bool IsGost(string? alg) => alg is Gost256 or Gost512;

    /// <summary>
    /// Reads the provider's signing key from an X.509 certificate (PEM or DER, as ESIA publishes it) or from a PEM
    /// SubjectPublicKeyInfo (<c>-----BEGIN PUBLIC KEY-----</c>). The key must be GOST R 34.10-2012.
    /// </summary>
    public static GostJwtVerifier Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        SubjectPublicKeyInfo info;
        if (Encoding.ASCII.GetString(bytes).Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal))
        {
            // Read as the DER structure itself: converting to a key object and back would lose the 2012 OID.
            using var reader = new StreamReader(new MemoryStream(bytes));
            var pem = new PemReader(reader).ReadPemObject()
                ?? throw new InvalidOperationException($"No public key in {path}.");
            info = SubjectPublicKeyInfo.GetInstance(pem.Content);
        }
        else
        {
            info = (new X509CertificateParser().ReadCertificate(bytes)
                ?? throw new InvalidOperationException($"No certificate in {path}.")).SubjectPublicKeyInfo;
        }

        var oid = info.Algorithm.Algorithm;
        var algorithm = oid.Equals(RosstandartObjectIdentifiers.id_tc26_gost_3410_12_256) ? Gost256
            : oid.Equals(RosstandartObjectIdentifiers.id_tc26_gost_3410_12_512) ? Gost512
            : throw new InvalidOperationException($"{path} holds a {oid} key, not GOST R 34.10-2012.");
        return new GostJwtVerifier((ECPublicKeyParameters)PublicKeyFactory.CreateKey(info), algorithm);
    }

    /// <summary>
    /// The token when its header names this key's algorithm and the signature verifies; otherwise throws
    /// <see cref="SecurityTokenInvalidSignatureException"/>, which is what a
    /// <see cref="TokenValidationParameters.SignatureValidator"/> is expected to do.
    /// </summary>
    public JsonWebToken Verify(string compactJws)
    {
        var parts = compactJws.Split('.');
        if (parts.Length != 3)
        {
            throw new SecurityTokenInvalidSignatureException("Not a compact JWS.");
        }

        var token = new JsonWebToken(compactJws);
        if (!string.Equals(token.Alg, Algorithm, StringComparison.Ordinal))
        {
            throw new SecurityTokenInvalidSignatureException(
                $"The token is signed with '{token.Alg}', but the configured key verifies {Algorithm} only.");
        }

        byte[] signature;
        try
        {
            signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        }
        catch (FormatException)
        {
            throw new SecurityTokenInvalidSignatureException("The signature is not base64url.");
        }

        var size = Algorithm == Gost256 ? 32 : 64;
        if (signature.Length != 2 * size)
        {
            throw new SecurityTokenInvalidSignatureException($"A {Algorithm} signature is {2 * size} bytes, not {signature.Length}.");
        }

        var input = Encoding.ASCII.GetBytes(compactJws[..compactJws.LastIndexOf('.')]);
        var s = new BigInteger(1, signature, 0, size);
        var r = new BigInteger(1, signature, size, size);
        var verifier = new ECGost3410Signer();
        verifier.Init(false, _key);
        // ECGost3410Signer reads the digest as a little-endian number, as GOST R 34.10-2012 §6.1 step 2 prescribes.
        if (!verifier.VerifySignature(Digest(input), r, s))
        {
            throw new SecurityTokenInvalidSignatureException("The GOST signature does not verify with the configured key.");
        }

        return token;
    }

    private byte[] Digest(byte[] input)
    {
        IDigest digest = Algorithm == Gost256 ? new Gost3411_2012_256Digest() : new Gost3411_2012_512Digest();
        digest.BlockUpdate(input, 0, input.Length);
        var hash = new byte[digest.GetDigestSize()];
        digest.DoFinal(hash, 0);
        return hash;
    }
}
