using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.X509;

namespace Messenger.ChatCore.Documents;

/// <summary>
/// Reads a key a user brings: a PKCS#12 file (RFC 7292) with its password, or a PEM private key (PKCS#8 "PRIVATE
/// KEY", or OpenSSL's "EC/RSA PRIVATE KEY") with a PEM certificate. The pair must match: a probe is signed with the
/// key and verified with the certificate before anything is kept.
/// </summary>
public static class SigningKeyImport
{
    public static Result<SigningKeyMaterial> FromPkcs12(byte[] pkcs12, string? password)
    {
        try
        {
            var store = new Pkcs12StoreBuilder().Build();
            store.Load(new MemoryStream(pkcs12), (password ?? "").ToCharArray());
            var alias = store.Aliases.FirstOrDefault(store.IsKeyEntry);
            if (alias is null)
            {
                return ChatErrors.Invalid("pkcs12", "The PKCS#12 file holds no private key.");
            }

            var certificate = store.GetCertificate(alias)?.Certificate;
            return certificate is null
                ? ChatErrors.Invalid("pkcs12", "The PKCS#12 file holds no certificate for its key.")
                : Checked(store.GetKey(alias).Key, certificate, "pkcs12");
        }
        catch (Exception exception) when (exception is IOException or PkcsException or ArgumentException or InvalidCastException
            or Org.BouncyCastle.Asn1.Asn1Exception or InvalidCipherTextException or Org.BouncyCastle.Security.SecurityUtilityException)
        {
            return ChatErrors.Invalid("pkcs12", "Not a readable PKCS#12 file, or the password is wrong.");
        }
    }

    public static Result<SigningKeyMaterial> FromPem(string? privateKeyPem, string? certificatePem)
    {
        if (string.IsNullOrWhiteSpace(privateKeyPem))
        {
            return ChatErrors.Invalid("privateKeyPem", "Give the private key as PEM.");
        }

        if (string.IsNullOrWhiteSpace(certificatePem))
        {
            return ChatErrors.Invalid("certificatePem", "Give the certificate as PEM.");
        }

        X509Certificate? certificate;
        try
        {
            certificate = new X509CertificateParser().ReadCertificate(System.Text.Encoding.ASCII.GetBytes(certificatePem));
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or Org.BouncyCastle.Security.Certificates.CertificateException)
        {
            certificate = null;
        }

        if (certificate is null)
        {
            return ChatErrors.Invalid("certificatePem", "Not a PEM certificate.");
        }

        AsymmetricKeyParameter? key;
        try
        {
            key = new PemReader(new StringReader(privateKeyPem)).ReadObject() switch
            {
                AsymmetricCipherKeyPair pair => pair.Private,
                AsymmetricKeyParameter { IsPrivate: true } single => single,
                _ => null,
            };
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or PemException or InvalidCastException
            or Org.BouncyCastle.Security.SecurityUtilityException)
        {
            key = null;
        }

        return key is null
            ? ChatErrors.Invalid("privateKeyPem", "Not an unencrypted PEM private key (PKCS#8 or OpenSSL's EC/RSA form).")
            : Checked(key, certificate, "privateKeyPem");
    }

    private static Result<SigningKeyMaterial> Checked(AsymmetricKeyParameter key, X509Certificate certificate, string field)
    {
        if (SigningKeyFactory.AlgorithmOf(certificate) is not { } algorithm)
        {
            return ChatErrors.Invalid(field, "The certificate's key is not one of: " + string.Join(", ", SignatureAlgorithms.All)
                + " (RSA needs at least 2048 bits, ECDSA the P-256 curve).");
        }

        var material = new SigningKeyMaterial(algorithm, SigningKeyFactory.Pkcs8Of(key), certificate.GetEncoded());
        byte[] probe = [0x70, 0x72, 0x6f, 0x62, 0x65];
        try
        {
            var cms = CmsDocumentSigner.Sign(probe, material, DateTimeOffset.UnixEpoch);
            var signer = CmsSignatureVerifier.ReadSingleSigner(cms, out _, out _, probe);
            if (signer is not null && signer.Verify(certificate.GetPublicKey()))
            {
                return material;
            }
        }
        catch (Exception exception) when (exception is CmsException or ArgumentException or InvalidCastException
            or System.Security.Cryptography.CryptographicException or InvalidOperationException
            or Org.BouncyCastle.Crypto.CryptoException)
        {
            // CryptoException covers BouncyCastle's DataLengthException: an RSA signature made with another key of
            // a different modulus can be "too large" for this one, which is just another mismatch.
            // Falls through to the refusal below.
        }

        return ChatErrors.Invalid(field, "The private key does not belong to the certificate.");
    }
}
