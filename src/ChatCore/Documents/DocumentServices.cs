using Microsoft.Extensions.DependencyInjection;

namespace Messenger.ChatCore.Documents;

public static class DocumentServices
{
    /// <summary>
    /// Registers documents and signatures on the chat services (call after AddChatSqlite). Trusted roots are read and
    /// the key-sealing key opened here, at start, so a misconfigured path fails the start rather than a signature.
    /// </summary>
    public static IServiceCollection AddDocuments(this IServiceCollection services, DocumentOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(TrustedRoots.Load(options.TrustedRoots));
        services.AddSingleton(SigningKeyVault.LoadOrCreate(options.KeyFolder));
        services.AddSingleton<ISigningKeyStore, Storage.Sqlite.SqliteSigningKeyStore>();
        services.AddSingleton<SigningKeyService>();
        services.AddSingleton<CmsSignatureVerifier>();
        services.AddSingleton<DocumentService>();
        services.AddSingleton<DocumentSignatureService>();
        return services;
    }
}
