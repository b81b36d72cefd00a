using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Messenger.Signalling.Identity;

public enum SignInMode
{
    /// <summary>Sign in as the linked user, or as a new account for a subject never seen.</summary>
    Login,

    /// <summary>Link the provider account to the signed-in user.</summary>
    Link,
}

/// <summary>What we remember between sending the browser to the provider and its return (keyed by state).</summary>
public sealed record PendingSignIn(
    string Provider,
    SignInMode Mode,
    string? UserId,
    string? DeviceName,
    string CodeVerifier,
    string Nonce,
    Uri RedirectUri)
{
    /// <summary>32 random bytes, base64url: state, nonce, PKCE verifier (43 characters, RFC 7636 §4.1) and handoff codes.</summary>
    public static string NewSecret() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>RFC 7636 §4.2, S256: BASE64URL(SHA256(ASCII(code_verifier))).</summary>
    public string CodeChallenge => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(CodeVerifier)));
}
