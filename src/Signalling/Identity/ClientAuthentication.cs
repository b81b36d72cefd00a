using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Messenger.Signalling.Identity;

/// <summary>How we prove to a provider that a request comes from us (RFC 6749 §2.3).</summary>
public interface IClientAuthentication
{
    /// <summary>Adds the proof to the authorization request's query parameters (most methods add nothing).</summary>
    void ApplyToAuthorizationRequest(IDictionary<string, string> parameters);

    /// <summary>Adds the proof to the token request's form fields or headers.</summary>
    void ApplyToTokenRequest(IDictionary<string, string> form, HttpRequestMessage request);
}

/// <summary>A shared client secret, in the form body (client_secret_post) or as HTTP Basic (client_secret_basic).</summary>
public sealed class ClientSecretAuthentication(string clientId, string secret, bool useBasic) : IClientAuthentication
{
    public void ApplyToAuthorizationRequest(IDictionary<string, string> parameters)
    {
    }

    public void ApplyToTokenRequest(IDictionary<string, string> form, HttpRequestMessage request)
    {
        if (useBasic)
        {
            // RFC 6749 §2.3.1: both parts are form-urlencoded before they are joined and base64 encoded.
            var credentials = Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret);
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }
        else
        {
            form["client_secret"] = secret;
        }
    }
}

/// <summary>
/// ESIA (Gosuslugi) client authentication: client_secret is a detached CMS signature, GOST R 34.10-2012-256 with
/// Streebog-256, over scope + timestamp + client_id + state (base64url), with the timestamp in ESIA's
/// "yyyy.MM.dd HH:mm:ss +0000" form and, as ESIA v2 asks, client_certificate_hash beside it. Every signed request
/// carries its own state, as ESIA's token endpoint expects a fresh one rather than the authorization request's.
/// </summary>
public sealed class EsiaGostAuthentication(string clientId, string scope, GostSigner signer, TimeProvider clock)
    : IClientAuthentication
{
    public const string TimestampFormat = "yyyy.MM.dd HH:mm:ss '+0000'";

    public void ApplyToAuthorizationRequest(IDictionary<string, string> parameters) =>
        Sign(parameters, parameters["state"]);

    public void ApplyToTokenRequest(IDictionary<string, string> form, HttpRequestMessage request)
    {
        form["scope"] = scope;
        form["token_type"] = "Bearer";
        Sign(form, Guid.NewGuid().ToString());
    }

    /// <summary>The exact bytes ESIA verifies the signature against.</summary>
    public static string SignedMessage(string scope, string timestamp, string clientId, string state) =>
        scope + timestamp + clientId + state;

    private void Sign(IDictionary<string, string> parameters, string state)
    {
        var now = clock.GetUtcNow();
        var timestamp = now.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);
        var message = Encoding.UTF8.GetBytes(SignedMessage(scope, timestamp, clientId, state));
        parameters["state"] = state;
        parameters["timestamp"] = timestamp;
        parameters["client_secret"] = Base64UrlEncoder.Encode(signer.SignDetached(message, now));
        parameters["client_certificate_hash"] = signer.CertificateHash;
    }
}
