using System.Net.Http.Headers;
using System.Net.Http.Json;
using Messenger.Signalling.Api;
using Messenger.Signalling.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Messenger.Signalling.Tests.Infrastructure;

/// <summary>
/// The real host on a free loopback port with its own data folder (a fresh SQLite file). Restarting keeps the
/// folder, which is how persistence across restarts is shown.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private WebApplication? _app;

    public TestHost(Dictionary<string, string?>? settings = null)
    {
        DataPath = Path.Combine(Path.GetTempPath(), "messenger-tests", Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string?>
        {
            ["Messenger:DataPath"] = DataPath,
            ["Messenger:AuthPermitsPerIp"] = "10000",
            ["Messenger:AuthPermitsPerUsername"] = "10000",
            ["Media:UdpPort"] = "0",
            ["Media:BindAddress"] = "127.0.0.1",
            ["Media:AnnouncedAddresses:0"] = "127.0.0.1",
        };
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }
    }

    public string DataPath { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The host is not running.");

    public async Task StartAsync()
    {
        _app = MessengerHost.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(_settings);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }, SignallingProjectFolder());
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    /// <summary>The host's own folder, so the tests serve the real wwwroot (the web client and echo page).</summary>
    private static string SignallingProjectFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Messenger.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("Messenger.sln not found."), "src", "Signalling");
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public HttpClient Client(string? accessToken = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return client;
    }

    /// <summary>Registers a user and signs in one device.</summary>
    public async Task<TokenResponse> SignUpAsync(string username, string password = "correct horse", string device = "test")
    {
        using var client = Client();
        var registered = await client.PostAsJsonAsync("/api/auth/register", new { username, password, displayName = username });
        registered.EnsureSuccessStatusCode();
        return await LoginAsync(username, password, device);
    }

    public async Task<TokenResponse> LoginAsync(string username, string password = "correct horse", string device = "test")
    {
        using var client = Client();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { username, password, deviceName = device });
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<TokenResponse>())!;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

/// <summary>One host per test class, as the issue asks: a fresh SQLite file per class.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    public TestHost Host { get; } = new();

    public Task InitializeAsync() => Host.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
