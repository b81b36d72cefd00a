using System.Globalization;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Messenger.Signalling.Identity;

/// <summary>An ID token that passed every check: whom it is about, and all its claims.</summary>
public sealed record ValidatedIdToken(string Subject, Dictionary<string, JsonElement> Claims);

/// <summary>
/// OIDC Core §3.1.3.7 for one provider: the signature by the provider's key, then iss, aud = our client_id, exp and
/// nbf against our clock, and the nonce of this sign-in. The signature comes from the provider's JWKS for the RFC 7518
/// algorithms, or from its configured GOST certificate for ESIA's GOST3410_2012_* (<see cref="GostJwtVerifier"/>);
/// either way the claims pass the same checks. Any other alg, "none" included, is refused before anything else.
/// </summary>
public sealed class IdTokenValidator(ProviderMetadata metadata, GostJwtVerifier? gost, TimeProvider clock)
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    // The asymmetric JWS algorithms of RFC 7518 §3.1 that a JWKS can carry keys for. HS* is left out: its key is a
    // shared secret, and a provider publishing one would let anyone forge ID tokens.
    private static readonly HashSet<string> JwksAlgorithms = new(StringComparer.Ordinal)
    {
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
    };

    private readonly JsonWebTokenHandler _tokens = new();

    public async Task<(ValidatedIdToken? Token, ProviderFailure? Failure)> ValidateAsync(
        string idToken, ProviderEndpoints endpoints, string nonce, CancellationToken cancellationToken)
    {
        string alg;
        try
        {
            alg = new JsonWebToken(idToken).Alg ?? "";
        }
        catch (Exception exception) when (exception is ArgumentException or SecurityTokenMalformedException)
        {
            return Failure("The ID token is not a signed JWT.");
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = endpoints.Issuer,
            ValidAudience = metadata.Options.ClientId,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            LifetimeValidator = ValidLifetime,
        };
        TokenValidationResult result;
        if (GostJwtVerifier.IsGost(alg))
        {
            if (gost is null)
            {
                return Failure($"The ID token is signed with {alg}; set IdTokenSigningCertificatePath to the provider's GOST certificate to accept it.");
            }

            parameters.SignatureValidator = (token, _) => gost.Verify(token);
            result = await _tokens.ValidateTokenAsync(idToken, parameters).ConfigureAwait(false);
        }
        else if (JwksAlgorithms.Contains(alg))
        {
            if (endpoints.Jwks is null)
            {
                return Failure($"The ID token is signed with {alg}, but this provider has no JwksUri to verify it with.");
            }

            result = await ValidateWithJwksAsync(idToken, parameters, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            return Failure($"The ID token's alg '{alg}' is not accepted.");
        }

        if (!result.IsValid)
        {
            return Failure($"The ID token is not valid: {result.Exception?.GetType().Name ?? "unknown reason"}.");
        }

        var token = (JsonWebToken)result.SecurityToken;
        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload));
        var claims = payload.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
        if (!claims.TryGetValue("nonce", out var tokenNonce) || tokenNonce.ValueKind != JsonValueKind.String
            || !string.Equals(tokenNonce.GetString(), nonce, StringComparison.Ordinal))
        {
            return Failure("The ID token's nonce does not match this sign-in.");
        }

        return Subject(claims) is { } subject
            ? (new ValidatedIdToken(subject, claims), null)
            : Failure("The ID token names no subject.");
    }

    /// <summary>A subject claim's value as text: a string, or an integer (ESIA's person ids); anything else is none.</summary>
    public static string? SubjectText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when value.TryGetInt64(out var number) => number.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>
    /// "sub" (OIDC Core §2), as a string or, as ESIA writes its person ids, a number; ESIA's own
    /// <c>urn:esia:sbj_id</c> when there is no "sub".
    /// </summary>
    private static string? Subject(Dictionary<string, JsonElement> claims)
    {
        foreach (var name in new[] { "sub", EsiaPersonData.OidClaim })
        {
            if (claims.TryGetValue(name, out var value) && SubjectText(value) is { Length: > 0 } text)
            {
                return text;
            }
        }

        return null;
    }

    private async Task<TokenValidationResult> ValidateWithJwksAsync(
        string idToken, TokenValidationParameters parameters, CancellationToken cancellationToken)
    {
        // A key id we do not know means the provider rolled its keys (OIDC Core §10.1.1): fetch the JWKS once more.
        TokenValidationResult? result = null;
        foreach (var refresh in new[] { false, true })
        {
            parameters.IssuerSigningKeys = await metadata.GetSigningKeysAsync(refresh, cancellationToken).ConfigureAwait(false);
            result = await _tokens.ValidateTokenAsync(idToken, parameters).ConfigureAwait(false);
            if (result.IsValid || result.Exception is not SecurityTokenSignatureKeyNotFoundException)
            {
                break;
            }
        }

        return result!;
    }

    /// <summary>Lifetime against our injected clock rather than the machine's.</summary>
    private bool ValidLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return expires is { } exp && now < exp + ClockSkew && (notBefore is not { } nbf || nbf - ClockSkew <= now);
    }

    private static (ValidatedIdToken?, ProviderFailure?) Failure(string message) =>
        (null, new ProviderFailure(StatusCodes.Status502BadGateway, "id_token", message));
}
