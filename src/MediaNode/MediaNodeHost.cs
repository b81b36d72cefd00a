using Messenger.MediaServer.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Messenger.MediaServer.Standalone;

/// <summary>
/// Builds a media node: the media server alone, trusting the main host's tokens by its public key. Program.cs and
/// the tests both go through here.
/// </summary>
public static class MediaNodeHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        var options = builder.Configuration.GetSection(MediaNodeOptions.Section).Get<MediaNodeOptions>() ?? new MediaNodeOptions();
        var tokenKey = PublicKeyFile.Load(options.PublicKeyPemPath);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMediaServer(builder.Configuration, tokenKey, options.TokenIssuer);

        var app = builder.Build();
        app.UseCors();
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        app.MapMediaServer();
        return app;
    }
}
