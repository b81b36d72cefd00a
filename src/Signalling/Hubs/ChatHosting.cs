using Messenger.ChatCore;
using Messenger.ChatCore.Sync;

namespace Messenger.Signalling.Hubs;

/// <summary>Wires the chat half into the host: the services, the hub publisher and the send limiter.</summary>
public static class ChatHosting
{
    public static IServiceCollection AddChat(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ChatOptions.Section).Get<ChatOptions>() ?? new ChatOptions();
        if (string.IsNullOrEmpty(options.BlobPath))
        {
            options.BlobPath = Path.Combine(configuration["Messenger:DataPath"] ?? "./data", "blobs");
        }

        services.AddSingleton<ChatConnections>();
        services.AddSingleton<IChatUpdateSink, HubUpdatePublisher>();
        services.AddChatSqlite(options);
        services.AddSingleton(new ChatSendLimiter(options));
        services.AddSingleton<ChatHubServices>();
        return services;
    }
}
