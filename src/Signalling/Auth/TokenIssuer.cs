using System.Security.Claims;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Sessions;
using Messenger.MediaServer.Auth;
using Messenger.Signalling.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Messenger.Signalling.Auth;

/// <summary>Claim names carried by access tokens.</summary>
public static class MessengerClaims
{
    public const string UserId = JwtRegisteredClaimNames.Sub;
    public const string DeviceId = JwtRegisteredClaimNames.Sid;
    public const string Username = "username";
    public const string Audience = MediaTokenClaims.ApiAudience;
}

/// <summary>Signs the short-lived access tokens that REST and the hub accept.</summary>
public sealed class TokenIssuer(ECDsaSecurityKey key, IOptions<MessengerOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningCredentials _credentials = new(key, SecurityAlgorithms.EcdsaSha256);

    public (string Token, int ExpiresInSeconds) IssueAccessToken(UserAccount account, DeviceSession session)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var lifetime = options.Value.AccessTokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.TokenIssuer,
            Audience = MessengerClaims.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = _credentials,
            Subject = new ClaimsIdentity(
            [
                new Claim(MessengerClaims.UserId, account.Id),
                new Claim(MessengerClaims.DeviceId, session.Id),
                new Claim(MessengerClaims.Username, account.Username),
            ]),
        });
        return (token, (int)lifetime.TotalSeconds);
    }

    /// <summary>
    /// A room-scoped join token for the media server: it names the room and what the bearer may do there, so a media
    /// node can admit the bearer without the user database.
    /// </summary>
    public (string Token, int ExpiresInSeconds) IssueJoinToken(
        UserAccount account, string room, bool canPublish, bool canSubscribe)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var lifetime = options.Value.JoinTokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.TokenIssuer,
            Audience = MediaTokenClaims.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = _credentials,
            Claims = new Dictionary<string, object>
            {
                [MediaTokenClaims.Room] = room,
                [MediaTokenClaims.CanPublish] = canPublish,
                [MediaTokenClaims.CanSubscribe] = canSubscribe,
                [MediaTokenClaims.Name] = account.DisplayName,
            },
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, account.Id)]),
        });
        return (token, (int)lifetime.TotalSeconds);
    }
}

public static class ClaimsPrincipalExtensions
{
    public static string UserId(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(MessengerClaims.UserId) ?? throw new InvalidOperationException("No user id claim.");

    public static string DeviceId(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(MessengerClaims.DeviceId) ?? throw new InvalidOperationException("No device id claim.");
}
