using Messenger.ChatCore;
using Messenger.ChatCore.Sessions;
using Messenger.ChatCore.Storage.Sqlite;
using Messenger.MediaServer.Hosting;
using Messenger.Signalling.Api;
using Messenger.Signalling.Auth;
using Messenger.Signalling.Bots;
using Messenger.Signalling.Calls;
using Messenger.Signalling.Hubs;
using Messenger.Signalling.Identity;
using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;

namespace Messenger.Signalling.Hosting;

/// <summary>
/// Builds the whole host. Program.cs and the tests both go through here, so tests exercise the same wiring users run.
/// </summary>
public static class MessengerHost
{
    public static WebApplication Build(
        string[] args, Action<WebApplicationBuilder>? configure = null, string? contentRoot = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRoot });
        configure?.Invoke(builder);

        var options = builder.Configuration.GetSection(MessengerOptions.Section).Get<MessengerOptions>() ?? new MessengerOptions();
        builder.Services.Configure<MessengerOptions>(builder.Configuration.GetSection(MessengerOptions.Section));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets.SocketTransportOptions>(
            sockets => sockets.UnsafePreferInlineScheduling = options.InlineSocketScheduling);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = ProblemDefaults.NameTheField);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(route => route.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(json => json.SerializerOptions.AllowTrailingCommas = false);
        builder.Services.AddOpenApi();

        builder.Services.AddSingleton<ConnectionRegistry>();
        builder.Services.AddSingleton<IDeviceSessionListener>(sp => sp.GetRequiredService<ConnectionRegistry>());
        builder.Services.AddChatCoreSqlite(options.DatabaseFile, options.RefreshTokenLifetime,
            string.Equals(options.SqliteSynchronous, "Normal", StringComparison.OrdinalIgnoreCase));
        var signingKey = SigningKeyStore.LoadOrCreate(options.KeysFolder);
        builder.Services.AddMessengerAuthentication(signingKey, options);
        builder.Services.AddMediaServer(builder.Configuration, signingKey, options.TokenIssuer);
        builder.Services.AddAuthRateLimits(options);
        builder.Services.AddChat(builder.Configuration);
        builder.Services.AddCalls(builder.Configuration);
        builder.Services.AddDocumentSignatures(builder.Configuration, options.KeysFolder);
        builder.Services.AddBots(builder.Configuration);
        builder.Services.AddSignalR();
        builder.Services.AddIdentityProviders(builder.Configuration);

        var app = builder.Build();
        app.Services.GetRequiredService<SqliteDatabase>().MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();

        app.UseExceptionHandler();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseStatusCodePages();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" })).WithTags("Service");
        app.MapOpenApi();
        app.MapScalarApiReference("/docs");
        app.MapAuthEndpoints();
        app.MapDirectoryEndpoints();
        app.MapMediaTokenEndpoints();
        app.MapChatEndpoints();
        app.MapCallEndpoints();
        app.MapIdentityEndpoints();
        app.MapBots();
        app.MapHub<ChatHub>(AuthenticationSetup.HubPath);
        app.MapMediaServer();
        return app;
    }
}
