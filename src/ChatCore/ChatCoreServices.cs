using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Sessions;
using Messenger.ChatCore.Storage;
using Messenger.ChatCore.Storage.Sqlite;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Messenger.ChatCore;

public static class ChatCoreServices
{
    /// <summary>Registers the directory and sessions on the embedded SQLite engine.</summary>
    public static IServiceCollection AddChatCoreSqlite(
        this IServiceCollection services, string databaseFile, TimeSpan refreshTokenLifetime)
    {
        services.AddSingleton(new SqliteDatabase(databaseFile));
        services.AddSingleton<IUserStore, SqliteUserStore>();
        services.AddSingleton<IRelationStore, SqliteRelationStore>();
        services.AddSingleton<IDeviceSessionStore, SqliteDeviceSessionStore>();
        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton(sp => new DeviceSessionService(
            sp.GetRequiredService<IDeviceSessionStore>(),
            sp.GetRequiredService<TimeProvider>(),
            refreshTokenLifetime,
            sp.GetServices<IDeviceSessionListener>()));
        return services;
    }
}
