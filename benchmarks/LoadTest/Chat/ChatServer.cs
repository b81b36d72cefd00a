using System.Net;
using System.Net.Sockets;
using Messenger.LoadTest.Measurement;
using Messenger.LoadTest.Signalling;
using Messenger.Signalling.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Messenger.LoadTest.Chat;

/// <summary>
/// The host under test, on a loopback port with a fresh data folder: either in this process (clients and server share
/// the CPU and heap figures) or, with <c>--server process</c>, <c>src/Signalling</c> built Release as a child process,
/// whose CPU and RSS are read from /proc apart from the load tool's.
/// </summary>
public sealed class ChatServer : IAsyncDisposable
{
    private readonly WebApplication? _inProcess;
    private readonly ServerProcess? _child;
    private readonly string _dataPath;

    private ChatServer(Uri baseUri, string dataPath, ChatSeed seed, WebApplication? inProcess, ServerProcess? child)
    {
        BaseUri = baseUri;
        _dataPath = dataPath;
        Seed = seed;
        _inProcess = inProcess;
        _child = child;
    }

    public Uri BaseUri { get; }

    public ChatSeed Seed { get; }

    /// <summary>The server's own process id when it runs apart, else null (its figures are the load tool's).</summary>
    public int? ProcessId => _child?.Id;

    /// <summary>The server's settings for the run, the same in both modes.</summary>
    public static Dictionary<string, string?> Settings(string dataPath, LoadOptions options)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Messenger:DataPath"] = dataPath,
            ["Messenger:Chat:SendBurst"] = "1000",
            ["Messenger:Chat:SendPerSecond"] = "1000",
            ["Messenger:Chat:MaxGroupMembers"] = "200000",
            // Long enough for a long run at 10,000 clients; the tokens are made once at set-up.
            ["Messenger:AccessTokenLifetime"] = "06:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (options.SynchronousNormal)
        {
            settings["Messenger:SqliteSynchronous"] = "Normal";
        }

        if (options.InlineSockets)
        {
            settings["Messenger:InlineSocketScheduling"] = "true";
        }

        return settings;
    }

    public static async Task<ChatServer> StartAsync(LoadOptions options)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "messenger-load", Guid.NewGuid().ToString("N"));
        var settings = Settings(dataPath, options);
        var inProcess = !options.SeparateProcess;
        var app = MessengerHost.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        var seed = await ChatSeed.CreateAsync(app.Services, options);
        if (inProcess)
        {
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new ChatServer(new Uri(address), dataPath, seed, app, null);
        }

        // Seeded through a host that never listened; let it go before the child opens the same SQLite file.
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var port = FreeLoopbackPort();
        var dll = options.ServerDll ?? Path.Combine(RepoPaths.Root, "src", "Signalling", "bin", "Release", "net10.0", "Messenger.Signalling.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build the host first: dotnet build -c Release src/Signalling", dll);
        }

        var arguments = new List<string> { dll, "--urls", $"http://127.0.0.1:{port}" };
        arguments.AddRange(settings.Select(s => $"--{s.Key}={s.Value}"));
        var environment = options.ServerEnvironment.Select(e => e.Split('=', 2)).ToDictionary(e => e[0], e => e.Length > 1 ? e[1] : "");
        var child = ServerProcess.Start("dotnet", arguments, Path.Combine(dataPath, "server.log"), environment);
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        try
        {
            await WaitHealthyAsync(baseUri, child);
        }
        catch
        {
            // Don't leave the host running; its log stays in the data folder for the message to point at.
            await child.DisposeAsync();
            throw;
        }

        return new ChatServer(baseUri, dataPath, seed, null, child);
    }

    /// <summary>The server's CPU time and RSS, or null in process (use the load tool's own figures then).</summary>
    public ProcessSample? Sample() => _child is null ? null : ProcessSample.Read(_child.Id);

    public async ValueTask DisposeAsync()
    {
        if (_inProcess is not null)
        {
            await _inProcess.StopAsync();
            await _inProcess.DisposeAsync();
        }

        if (_child is not null)
        {
            await _child.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(_dataPath, recursive: true);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitHealthyAsync(Uri baseUri, ServerProcess child)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (child.HasExited)
            {
                throw new InvalidOperationException($"the host exited; see {child.LogPath}");
            }

            try
            {
                if ((await http.GetAsync(new Uri(baseUri, "/healthz"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the host did not answer /healthz; see {child.LogPath}");
    }
}
