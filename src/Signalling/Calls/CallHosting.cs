namespace Messenger.Signalling.Calls;

/// <summary>Wires calls into the host: options, TURN credentials, the media join path and the call state.</summary>
public static class CallHosting
{
    public static IServiceCollection AddCalls(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CallOptions>(configuration.GetSection(CallOptions.Section));
        services.Configure<TurnOptions>(configuration.GetSection(TurnOptions.Section));
        services.AddSingleton<TurnCredentials>();
        services.AddSingleton<CallJoinFactory>();
        services.AddSingleton<CallNotifier>();
        services.AddSingleton<CallService>();
        return services;
    }
}
