namespace Messenger.Signalling.Identity;

public static class IdentityHosting
{
    /// <summary>The HttpClient that talks to providers (discovery, JWKS, token, userinfo).</summary>
    public const string HttpClientName = "identity-providers";

    public static IServiceCollection AddIdentityProviders(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<IdentityOptions>(configuration.GetSection(IdentityOptions.Section));
        services.AddHttpClient(HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30))
            // A redirect from a token endpoint would resend our client credentials somewhere else.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<IdentityProviders>();
        services.AddSingleton(sp => new OneTimeStore<PendingSignIn>(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new OneTimeStore<SignInResult>(sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
