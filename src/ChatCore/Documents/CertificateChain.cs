using Org.BouncyCastle.X509;

namespace Messenger.ChatCore.Documents;

/// <summary>
/// Walks from the signer's certificate up to a trusted root (RFC 5280 §6, the parts that matter here): each issuer is
/// found by name among the signature's own certificates and the roots, must verify the child's signature, must be a CA
/// (basicConstraints) and valid at the signing time. Written on BouncyCastle rather than X509Chain because the
/// platform's OpenSSL cannot verify GOST certificate signatures. Revocation (CRL/OCSP) is not checked.
/// </summary>
internal static class CertificateChain
{
    private const int MaxDepth = 8;

    /// <summary>Null when the chain reaches a root; otherwise why not.</summary>
    public static string? CheckTrusted(X509Certificate signer, IReadOnlyList<X509Certificate> pool, TrustedRoots roots, DateTime at)
    {
        var current = signer;
        for (var depth = 0; depth < MaxDepth; depth++)
        {
            if (roots.Certificates.Any(r => r.Equals(current)))
            {
                return null;
            }

            var issuer = FindIssuer(current, roots.Certificates) is { } root
                ? root
                : FindIssuer(current, pool);
            if (issuer is null)
            {
                return $"No trusted root issued '{current.SubjectDN}' (issuer '{current.IssuerDN}').";
            }

            if (issuer.GetBasicConstraints() < 0)
            {
                return $"'{issuer.SubjectDN}' is not a certificate authority.";
            }

            if (!issuer.IsValid(at))
            {
                return $"'{issuer.SubjectDN}' was not valid at the signing time.";
            }

            if (roots.Certificates.Any(r => r.Equals(issuer)))
            {
                return null;
            }

            current = issuer;
        }

        return "The certificate chain is too long.";
    }

    private static X509Certificate? FindIssuer(X509Certificate child, IEnumerable<X509Certificate> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (!candidate.SubjectDN.Equivalent(child.IssuerDN) || candidate.Equals(child))
            {
                continue;
            }

            try
            {
                child.Verify(candidate.GetPublicKey());
                return candidate;
            }
            catch (Exception exception) when (exception is Org.BouncyCastle.Security.InvalidKeyException
                or Org.BouncyCastle.Security.Certificates.CertificateException or Org.BouncyCastle.Security.SignatureException
                or InvalidOperationException or ArgumentException)
            {
                // Same name, different key: keep looking.
            }
        }

        return null;
    }
}
