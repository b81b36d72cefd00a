using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Messenger.MediaServer.Auth;

/// <summary>
/// Verifies the bearer tokens the media endpoints accept: a short-lived room join token (audience
/// <see cref="MediaTokenClaims.Audience"/>) or a user's access token (audience <see cref="MediaTokenClaims.ApiAudience"/>),
/// both signed by the host's ES256 key. Only the public key is needed.
/// </summary>
public sealed class MediaTokenValidator(SecurityKey signingKey, string issuer, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public async Task<MediaGrant?> ValidateAsync(string? bearerToken)
    {
        if (string.IsNullOrEmpty(bearerToken))
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(bearerToken, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudiences = [MediaTokenClaims.Audience, MediaTokenClaims.ApiAudience],
            IssuerSigningKey = signingKey,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, _) => IsCurrent(notBefore, expires),
        }).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return null;
        }

        var identity = result.ClaimsIdentity;
        var userId = identity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        if (userId is null)
        {
            return null;
        }

        var audience = identity.FindFirst(JwtRegisteredClaimNames.Aud)?.Value;
        var name = identity.FindFirst(MediaTokenClaims.Name)?.Value ?? identity.FindFirst(MediaTokenClaims.Username)?.Value ?? userId;
        if (audience == MediaTokenClaims.ApiAudience)
        {
            return new MediaGrant(userId, name, Room: null, CanPublish: true, CanSubscribe: true);
        }

        var room = identity.FindFirst(MediaTokenClaims.Room)?.Value;
        return room is null
            ? null
            : new MediaGrant(userId, name, room, IsTrue(identity, MediaTokenClaims.CanPublish), IsTrue(identity, MediaTokenClaims.CanSubscribe));
    }

    private bool IsCurrent(DateTime? notBefore, DateTime? expires)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var skew = TimeSpan.FromSeconds(30);
        return expires is { } e && e + skew > now && (notBefore is not { } nb || nb - skew <= now);
    }

    private static bool IsTrue(ClaimsIdentity identity, string claim) =>
        string.Equals(identity.FindFirst(claim)?.Value, "true", StringComparison.OrdinalIgnoreCase);
}
