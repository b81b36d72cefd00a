using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Sessions;
using Messenger.ChatCore.Storage;
using Messenger.Signalling.Auth;
using Messenger.Signalling.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Messenger.LoadTest.Chat;

/// <summary>
/// The chat load scenario (issue #5): N hub clients spread over groups, sending at a set total rate; reports
/// deliveries per second, send→deliver latency p50/p99 and memory. The host runs in this process on a loopback port
/// with a fresh SQLite file; users and tokens are made through the services directly, because hashing thousands of
/// passwords would dominate the set-up and is not what is measured.
///   dotnet run -c Release --project benchmarks/LoadTest -- chat --clients 2000 --groups 100 --rate 1000 --seconds 30
/// </summary>
public static class ChatScenario
{
    public static async Task RunAsync(LoadOptions options)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "messenger-load", Guid.NewGuid().ToString("N"));
        var app = MessengerHost.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Messenger:DataPath"] = dataPath,
                ["Messenger:Chat:SendBurst"] = "1000",
                ["Messenger:Chat:SendPerSecond"] = "1000",
                ["Messenger:Chat:MaxGroupMembers"] = "200000",
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        var baseUri = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Console.WriteLine($"host {baseUri}, data {dataPath}; {options}");

        // Users, one device each, and groups of roughly clients/groups members.
        var setup = Stopwatch.StartNew();
        var users = app.Services.GetRequiredService<IUserStore>();
        var sessions = app.Services.GetRequiredService<DeviceSessionService>();
        var issuer = app.Services.GetRequiredService<TokenIssuer>();
        var conversations = app.Services.GetRequiredService<ConversationService>();
        var accounts = new List<UserAccount>();
        var tokens = new List<string>();
        for (var i = 0; i < options.Clients; i++)
        {
            var account = new UserAccount(Guid.CreateVersion7().ToString("N"), $"load{i}", $"Load {i}", "", DateTimeOffset.UtcNow);
            await users.TryInsertAsync(account, "not-a-password-hash", CancellationToken.None);
            var session = (await sessions.StartAsync(account, "load", CancellationToken.None)).Value!;
            accounts.Add(account);
            tokens.Add(issuer.IssueAccessToken(account, session.Session).Token);
        }

        var groupOf = new string[options.Clients];
        for (var g = 0; g < options.Groups; g++)
        {
            var members = Enumerable.Range(0, options.Clients).Where(i => i % options.Groups == g).ToList();
            var created = await conversations.CreateAsync(accounts[members[0]].Id, ConversationKind.Group, $"Group {g}",
                members.Skip(1).Select(i => accounts[i].Id).ToList(), CancellationToken.None);
            foreach (var i in members)
            {
                groupOf[i] = created.Value!.Id;
            }
        }

        Console.WriteLine($"set-up of {options.Clients} users and {options.Groups} groups: {setup.Elapsed.TotalSeconds:0.0} s");

        // Connect every client; each timestamps deliveries of new messages against the send time carried in the text.
        var latencies = new LatencyRecorder(capacity: 50_000_000);
        long deliveries = 0;
        var connections = new HubConnection[options.Clients];
        setup.Restart();
        await Parallel.ForAsync(0, options.Clients, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var token = tokens[i];
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(baseUri, "/hub"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .Build();
            connection.On<JsonElement>("Update", update =>
            {
                if (update.GetProperty("kind").ValueEquals("message.new")
                    && long.TryParse(update.GetProperty("data").GetProperty("text").GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var sent))
                {
                    if (latencies.Recording)
                    {
                        Interlocked.Increment(ref deliveries);
                    }

                    latencies.Record(sent);
                }
            });
            await connection.StartAsync(ct);
            connections[i] = connection;
        });
        Console.WriteLine($"connected {options.Clients} clients: {setup.Elapsed.TotalSeconds:0.0} s");

        // Send at the set total rate in 10 ms ticks from random clients; each text is the send timestamp.
        long sent = 0, failed = 0;
        var random = new Random(42);
        using var stop = new CancellationTokenSource();
        var pending = new List<Task>();
        var sender = Task.Run(async () =>
        {
            var perTick = options.SendsPerSecond / 100.0;
            var due = 0.0;
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            while (await timer.WaitForNextTickAsync(CancellationToken.None) && !stop.IsCancellationRequested)
            {
                due += perTick;
                for (; due >= 1; due--)
                {
                    var i = random.Next(options.Clients);
                    var text = Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture);
                    var task = connections[i].InvokeAsync<SendOutcome>("Send",
                        new SendMessage(groupOf[i], null, Guid.NewGuid().ToString("N"), text, null));
                    Interlocked.Increment(ref sent);
                    pending.Add(task.ContinueWith(t => { if (!t.IsCompletedSuccessfully) Interlocked.Increment(ref failed); }, TaskScheduler.Default));
                }

                pending.RemoveAll(t => t.IsCompleted);
            }
        });

        await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds));
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var sentBefore = Interlocked.Read(ref sent);
        latencies.Recording = true;
        var measured = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
        latencies.Recording = false;
        var elapsed = measured.Elapsed.TotalSeconds;
        var sentDuring = Interlocked.Read(ref sent) - sentBefore;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var workingSet = process.WorkingSet64;
        var heap = GC.GetGCMemoryInfo().HeapSizeBytes;
        stop.Cancel();
        await sender;

        var (p50, p99, max) = latencies.PercentilesMs();
        var fanOut = (double)options.Clients / options.Groups;
        Console.WriteLine();
        Console.WriteLine($"| clients | groups | members/group | target sends/s | sends/s | deliveries/s | p50 ms | p99 ms | max ms | failed sends | CPU (of {Environment.ProcessorCount} cores) | working set | managed heap |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {options.Clients} | {options.Groups} | {fanOut:0} | {options.SendsPerSecond} | {sentDuring / elapsed:0} | {Interlocked.Read(ref deliveries) / elapsed:0} | {p50:0.0} | {p99:0.0} | {max:0.0} | {Interlocked.Read(ref failed)} | {cpu / elapsed * 100:0}% | {workingSet / 1048576} MiB | {heap / 1048576} MiB |"));

        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(dataPath, recursive: true);
    }
}
