using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Messenger.ChatCore.Documents;

/// <summary>
/// Checks a detached CMS SignedData (RFC 5652 §5) over a document's bytes, in the order that gives the most useful
/// reason: the algorithm is on the allow-list; the messageDigest attribute equals the document's digest (integrity,
/// §11.2); the signature over the signed attributes verifies with the certificate's key; the certificate was valid at
/// the signingTime attribute (§11.3; the verification time when absent); the certificate chains to a trusted root.
/// </summary>
public sealed class CmsSignatureVerifier(TrustedRoots roots, TimeProvider clock)
{
    /// <summary>How far in the future a signingTime may lie before it is refused (clock skew).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Parses the .p7s; null for bytes that are not one detached SignedData with exactly one signer. With
    /// <paramref name="content"/> the result is bound to those bytes, so the signer can be verified over them.
    /// </summary>
    public static SignerInformation? ReadSingleSigner(byte[] cms, out CmsSignedData? signedData, out string? error, byte[]? content = null)
    {
        signedData = null;
        try
        {
            var parsed = new CmsSignedData(cms);
            if (parsed.SignedContent is not null)
            {
                error = "The signature must be detached (the document's bytes are not carried inside it).";
                return null;
            }

            if (content is not null)
            {
                parsed = new CmsSignedData(new CmsProcessableByteArray(content), cms);
            }

            var signers = parsed.GetSignerInfos().GetSigners();
            if (signers.Count != 1)
            {
                error = "Upload one signer per signature; this one has " + signers.Count + ".";
                return null;
            }

            signedData = parsed;
            error = null;
            return signers.First();
        }
        catch (Exception exception) when (exception is CmsException or IOException or ArgumentException or InvalidCastException
            or Asn1ParsingException)
        {
            error = "Not a DER-encoded CMS SignedData (PKCS#7).";
            return null;
        }
    }

    public SignatureCheck Verify(byte[] document, byte[] cms)
    {
        var signer = ReadSingleSigner(cms, out var signedData, out var error, document);
        if (signer is null)
        {
            return new SignatureCheck(SignatureStatus.Invalid, error!, "", "", "", null);
        }

        var certificate = signedData!.GetCertificates().EnumerateMatches(signer.SignerID).FirstOrDefault();
        if (certificate is null)
        {
            return new SignatureCheck(SignatureStatus.Invalid, "The signer's certificate is not included in the signature.", "", "", "", null);
        }

        var subject = certificate.SubjectDN.ToString();
        var name = certificate.SubjectDN.GetValueList(Org.BouncyCastle.Asn1.X509.X509Name.CN).FirstOrDefault() ?? subject;
        var signingTime = SigningTime(signer);
        var algorithm = Classify(signer, certificate);
        SignatureCheck Result(SignatureStatus status, string reason) => new(status, reason, name, subject, algorithm ?? "", signingTime);

        if (algorithm is null)
        {
            return Result(SignatureStatus.Invalid,
                $"Algorithm not allowed: digest {signer.DigestAlgorithmID.Algorithm.Id} with {signer.SignatureAlgorithm.Algorithm.Id} on this certificate's key.");
        }

        if (signer.SignedAttributes?[CmsAttributes.MessageDigest] is not { } digestAttribute)
        {
            return Result(SignatureStatus.Invalid, "The signature has no signed messageDigest attribute.");
        }

        var expected = Asn1OctetString.GetInstance(digestAttribute.AttrValues[0]).GetOctets();
        var actual = DigestUtilities.CalculateDigest(signer.DigestAlgorithmID.Algorithm, document);
        if (!Org.BouncyCastle.Utilities.Arrays.FixedTimeEquals(expected, actual))
        {
            return Result(SignatureStatus.Invalid, "The document does not match the signature (message digest differs): it was changed after signing.");
        }

        try
        {
            if (!signer.Verify(certificate.GetPublicKey()))
            {
                return Result(SignatureStatus.Invalid, "The signature value does not verify with the signer's certificate.");
            }
        }
        catch (Exception exception) when (exception is CmsException or SecurityUtilityException or InvalidKeyException
            or ArgumentException or InvalidOperationException or Org.BouncyCastle.Crypto.CryptoException)
        {
            // CryptoException includes DataLengthException: an RSA signature value larger than the key's modulus.
            return Result(SignatureStatus.Invalid, "The signature value does not verify: " + exception.Message);
        }

        var now = clock.GetUtcNow();
        if (signingTime > now + MaxClockSkew)
        {
            return Result(SignatureStatus.Invalid, "The signingTime lies in the future.");
        }

        var at = (signingTime ?? now).UtcDateTime;
        if (!certificate.IsValid(at))
        {
            return Result(SignatureStatus.Invalid,
                $"The signer's certificate was not valid at the signing time (valid {certificate.NotBefore:u} to {certificate.NotAfter:u}).");
        }

        var pool = signedData.GetCertificates().EnumerateMatches(null).ToList();
        return CertificateChain.CheckTrusted(certificate, pool, roots, at) is { } untrusted
            ? Result(SignatureStatus.Untrusted, untrusted)
            : Result(SignatureStatus.Valid, signingTime is null
                ? "Intact and trusted; no signingTime, so the certificate was checked at verification time."
                : "Intact, signed with a certificate valid at the signing time that chains to a trusted root.");
    }

    private static DateTimeOffset? SigningTime(SignerInformation signer)
    {
        if (signer.SignedAttributes?[CmsAttributes.SigningTime] is not { } attribute)
        {
            return null;
        }

        try
        {
            return new DateTimeOffset(Time.GetInstance(attribute.AttrValues[0]).ToDateTime().ToUniversalTime(), TimeSpan.Zero);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The allow-list entry this signer uses, or null when digest, scheme and key don't form one.</summary>
    internal static string? Classify(SignerInformation signer, X509Certificate certificate)
    {
        var key = certificate.CertificateStructure.SubjectPublicKeyInfo.Algorithm;
        var digest = signer.DigestAlgorithmID.Algorithm.Id;
        var scheme = signer.SignatureAlgorithm.Algorithm.Id;
        return key.Algorithm.Id switch
        {
            SignatureAlgorithms.EcPublicKey
                when digest == SignatureAlgorithms.Sha256
                && scheme is SignatureAlgorithms.EcdsaWithSha256 or SignatureAlgorithms.EcPublicKey
                && key.Parameters is DerObjectIdentifier { Id: SignatureAlgorithms.P256 } => SignatureAlgorithms.EcdsaP256,
            SignatureAlgorithms.RsaEncryption or SignatureAlgorithms.RsassaPss
                when digest == SignatureAlgorithms.Sha256 && scheme == SignatureAlgorithms.RsassaPss
                && IsPssSha256(signer.SignatureAlgorithm.Parameters)
                && certificate.GetPublicKey() is RsaKeyParameters { Modulus.BitLength: >= SignatureAlgorithms.MinRsaBits }
                => SignatureAlgorithms.RsaPss,
            SignatureAlgorithms.Gost2012Key256
                when digest == SignatureAlgorithms.Streebog256
                && scheme is SignatureAlgorithms.Gost2012Key256 or SignatureAlgorithms.Gost2012Sign256 => SignatureAlgorithms.Gost2012_256,
            SignatureAlgorithms.Gost2012Key512
                when digest == SignatureAlgorithms.Streebog512
                && scheme is SignatureAlgorithms.Gost2012Key512 or SignatureAlgorithms.Gost2012Sign512 => SignatureAlgorithms.Gost2012_512,
            _ => null,
        };
    }

    /// <summary>RSASSA-PSS-params (RFC 4055 §3.1) naming SHA-256 both as hash and inside MGF1.</summary>
    private static bool IsPssSha256(Asn1Encodable? encodedParameters)
    {
        if (encodedParameters is null or DerNull)
        {
            return false;
        }

        var parameters = RsassaPssParameters.GetInstance(encodedParameters);
        if (parameters.HashAlgorithm.Algorithm.Id != SignatureAlgorithms.Sha256
            || parameters.MaskGenAlgorithm.Algorithm.Id != SignatureAlgorithms.Mgf1)
        {
            return false;
        }

        var mgfHash = Org.BouncyCastle.Asn1.X509.AlgorithmIdentifier.GetInstance(parameters.MaskGenAlgorithm.Parameters);
        return mgfHash.Algorithm.Id == SignatureAlgorithms.Sha256;
    }
}
