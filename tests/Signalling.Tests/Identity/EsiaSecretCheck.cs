using System.Globalization;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.X509;

namespace Messenger.Signalling.Tests.Identity;

/// <summary>
/// ESIA's check of a client's request, as the tests' providers make it: client_secret is a detached CMS signature over
/// scope + timestamp + client_id + state made with the registered certificate, the timestamp is in ESIA's form, and
/// client_certificate_hash is that certificate's Streebog-256 hash. Returns null when all holds, else what failed.
/// </summary>
public static class EsiaSecretCheck
{
    public static string? Verify(
        X509Certificate registered, string? scope, string? timestamp, string? clientId, string? state, string? secret,
        string? certificateHash)
    {
        if (!DateTime.TryParseExact(timestamp, "yyyy.MM.dd HH:mm:ss '+0000'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _))
        {
            return "The timestamp is missing or not in ESIA's format.";
        }

        var digest = new Gost3411_2012_256Digest();
        var der = registered.GetEncoded();
        digest.BlockUpdate(der, 0, der.Length);
        var hash = new byte[32];
        digest.DoFinal(hash, 0);
        if (!string.Equals(certificateHash, Convert.ToHexStringLower(hash), StringComparison.Ordinal))
        {
            return "client_certificate_hash does not match the registered certificate.";
        }

        var message = Encoding.UTF8.GetBytes(scope + timestamp + clientId + state);
        try
        {
            var signed = new CmsSignedData(new CmsProcessableByteArray(message), Base64UrlEncoder.DecodeBytes(secret));
            var signers = signed.GetSignerInfos().GetSigners();
            return signers.Count == 1 && signers.First().Verify(registered)
                ? null
                : "The client secret is not a signature by the registered certificate.";
        }
        catch (Exception exception) when (exception is CmsException or FormatException or ArgumentException)
        {
            return "The client secret is not a valid signature: " + exception.Message;
        }
    }
}
