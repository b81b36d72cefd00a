using Messenger.MediaServer.Auth;
using Messenger.MediaServer.RoomSignalling;
using Messenger.MediaServer.Whip;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Messenger.MediaServer.Hosting;

/// <summary>
/// Puts the media server into an ASP.NET Core host: in-process inside the Signalling host (the default), or alone
/// on a media node. Either way it needs only the public key of the tokens it trusts, never the user database.
/// </summary>
public static class MediaServerServices
{
    public static IServiceCollection AddMediaServer(
        this IServiceCollection services, IConfiguration configuration, SecurityKey tokenKey, string tokenIssuer)
    {
        services.Configure<MediaServerOptions>(configuration.GetSection(MediaServerOptions.Section));
        services.AddSingleton<MediaNode>();
        services.AddHostedService(sp => sp.GetRequiredService<MediaNode>());
        services.AddSingleton<WhipService>();
        services.AddSingleton<RoomCoordinator>();
        services.AddHostedService<RoomTicker>();
        services.AddSignalR();
        services.AddSingleton(sp => new MediaTokenValidator(tokenKey, tokenIssuer, sp.GetRequiredService<TimeProvider>()));
        services.AddCors(cors => cors.AddPolicy(WhipEndpoints.CorsPolicy, policy => policy
            .AllowAnyOrigin()
            .AllowAnyHeader()
            .WithMethods("POST", "PATCH", "DELETE", "OPTIONS")
            .WithExposedHeaders("Location", "ETag", "Link", WhipEndpoints.ParticipantHeader, "Accept-Post")));
        return services;
    }

    public static IEndpointRouteBuilder MapMediaServer(this IEndpointRouteBuilder app)
    {
        app.MapWhipEndpoints();
        app.MapHub<RoomHub>(RoomHub.Path);
        app.MapMediaStatsEndpoints();
        return app;
    }
}
