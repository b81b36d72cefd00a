using Messenger.ChatCore.Sessions;
using Messenger.Signalling.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Messenger.Signalling.Auth;

public static class AuthenticationSetup
{
    public const string HubPath = "/hub";

    /// <summary>
    /// JwtBearer validates signature, issuer, audience and lifetime; on top of that every request checks that the
    /// token's device session is still active, so a revoked device is cut off at once rather than when its access
    /// token expires (issue #2).
    /// </summary>
    public static IServiceCollection AddMessengerAuthentication(
        this IServiceCollection services, ECDsaSecurityKey signingKey, MessengerOptions options)
    {
        services.AddSingleton(signingKey);
        services.AddSingleton<TokenIssuer>();
        services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.TokenIssuer,
                    ValidAudience = MessengerClaims.Audience,
                    IssuerSigningKey = signingKey,
                    ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = MessengerClaims.Username,
                };
                jwt.Events = new JwtBearerEvents
                {
                    // Browsers cannot set headers on WebSocket requests, so SignalR sends the token in the query.
                    OnMessageReceived = context =>
                    {
                        var token = context.Request.Query["access_token"];
                        if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments(HubPath))
                        {
                            context.Token = token;
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = async context =>
                    {
                        var deviceId = context.Principal?.FindFirst(MessengerClaims.DeviceId)?.Value;
                        var sessions = context.HttpContext.RequestServices.GetRequiredService<DeviceSessionService>();
                        if (deviceId is null || !await sessions.IsActiveAsync(deviceId, context.HttpContext.RequestAborted))
                        {
                            context.Fail("The device session has been revoked.");
                        }
                    },
                };
            });
        services.AddAuthorization();
        return services;
    }
}
