using Messenger.ChatCore.Attachments;
using Messenger.ChatCore.Bots;
using Messenger.ChatCore.Calls;
using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Presence;
using Messenger.ChatCore.Receipts;
using Messenger.ChatCore.Sessions;
using Messenger.ChatCore.Storage;
using Messenger.ChatCore.Storage.Sqlite;
using Microsoft.AspNetCore.Identity;
using Messenger.ChatCore.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Messenger.ChatCore;

public static class ChatCoreServices
{
    /// <summary>Registers the directory and sessions on the embedded SQLite engine.</summary>
    public static IServiceCollection AddChatCoreSqlite(
        this IServiceCollection services, string databaseFile, TimeSpan refreshTokenLifetime, bool sqliteSynchronousNormal = false)
    {
        services.AddSingleton(new SqliteDatabase(databaseFile, sqliteSynchronousNormal));
        services.AddSingleton<IUserStore, SqliteUserStore>();
        services.AddSingleton<IRelationStore, SqliteRelationStore>();
        services.AddSingleton<IDeviceSessionStore, SqliteDeviceSessionStore>();
        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<IExternalIdentityStore, SqliteExternalIdentityStore>();
        services.AddSingleton<ExternalIdentityService>();
        services.AddSingleton(sp => new DeviceSessionService(
            sp.GetRequiredService<IDeviceSessionStore>(),
            sp.GetRequiredService<TimeProvider>(),
            refreshTokenLifetime,
            sp.GetServices<IDeviceSessionListener>()));
        return services;
    }

    /// <summary>Registers conversations, messages, receipts, sync and presence on the SQLite engine.</summary>
    public static IServiceCollection AddChatSqlite(this IServiceCollection services, ChatOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<IChatStore, SqliteChatStore>();
        services.AddSingleton<IPresenceStore, SqlitePresenceStore>();
        services.TryAddSingleton<IChatUpdateSink, NullUpdateSink>();
        services.AddSingleton<ChatTransactions>();
        services.AddSingleton<ConversationService>();
        services.AddSingleton<MessageService>();
        services.AddSingleton<MessageActions>();
        services.AddSingleton<ReceiptService>();
        services.AddSingleton<HistoryService>();
        services.AddSingleton<SyncService>();
        services.AddSingleton<PresenceService>();
        services.AddSingleton<IAttachmentStore, SqliteAttachmentStore>();
        services.AddSingleton(new BlobStore(options.BlobPath));
        services.AddSingleton<AttachmentService>();
        services.AddSingleton<ICallLinkStore, SqliteCallLinkStore>();
        services.AddSingleton<CallLinkService>();
        services.AddSingleton<IBotStore, SqliteBotStore>();
        services.AddSingleton<BotService>();
        services.AddSingleton<BotMessenger>();
        return services;
    }
}
