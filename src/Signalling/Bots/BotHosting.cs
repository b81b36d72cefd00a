using Messenger.ChatCore.Bots;
using Messenger.ChatCore.Sync;
using Microsoft.Extensions.Options;

namespace Messenger.Signalling.Bots;

/// <summary>Wires bots into the host: options, rate limiter, the feed from chat, the queue facade and webhook sender.</summary>
public static class BotHosting
{
    public static IServiceCollection AddBots(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<BotOptions>(configuration.GetSection(BotOptions.Section));
        services.AddSingleton(sp => new BotRateLimiter(
            sp.GetRequiredService<IOptions<BotOptions>>().Value.RateLimits, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<BotSignals>();
        services.AddSingleton<BotUpdateQueue>();
        services.AddSingleton<BotDocuments>(); // needs the document services (AddDocumentSignatures)
        services.AddSingleton<BotFeed>();
        services.AddSingleton<IChatUpdateListener>(sp => sp.GetRequiredService<BotFeed>());
        services.AddHostedService(sp => sp.GetRequiredService<BotFeed>());
        services.AddHostedService<WebhookSender>();
        return services;
    }

    public static void MapBots(this IEndpointRouteBuilder app)
    {
        app.MapBotEndpoints();
        app.MapBotApi();
    }
}
