using System.CommandLine;
using System.Net;
using Messenger.LoadTest;
using Messenger.LoadTest.Chat;

// The load generator (issue #5 chat, issue #8 media):
//   chat     chat deliveries over SignalR against the host, in process or (--server process) as its own process
//   sfu      WebRTC scenarios against our SFU (a media node in its own process)
//   janus    the same scenarios against Janus 1.1.2
//   compare  both in one run, with the machine floor, into a markdown table and JSON
// See docs/performance.md; benchmarks/run-compare.sh runs `compare` in a private network namespace.
var clients = new Option<int>("--clients") { Description = "Hub clients", DefaultValueFactory = _ => 2000 };
var groups = new Option<int>("--groups") { Description = "Groups the clients are spread over", DefaultValueFactory = _ => 100 };
var rate = new Option<int>("--rate") { Description = "Total sends per second", DefaultValueFactory = _ => 1000 };
var seconds = new Option<int>("--seconds") { Description = "Measured seconds", DefaultValueFactory = _ => 30 };
var warmup = new Option<int>("--warmup") { Description = "Seconds before measuring", DefaultValueFactory = _ => 5 };
var server = new Option<string>("--server") { Description = "Where the host runs: inprocess, or process (src/Signalling built Release, its own process)", DefaultValueFactory = _ => "inprocess" };
server.AcceptOnlyFromAmong("inprocess", "process");
var serverDll = new Option<string?>("--server-dll") { Description = "Messenger.Signalling.dll for --server process (default: src/Signalling/bin/Release)" };
var synchronousNormal = new Option<bool>("--sqlite-synchronous-normal") { Description = "Run the host with Messenger:SqliteSynchronous=Normal (see docs/performance.md)" };
var inlineSockets = new Option<bool>("--inline-sockets") { Description = "Run the host with Messenger:InlineSocketScheduling=true (see docs/performance.md)" };
var serverEnv = new Option<string[]>("--server-env") { Description = "NAME=VALUE environment variables for --server process", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [] };
var chat = new Command("chat", "Chat deliveries over SignalR (issue #5)") { clients, groups, rate, seconds, warmup, server, serverDll, synchronousNormal, inlineSockets, serverEnv };
chat.SetAction((result, _) => ChatScenario.RunAsync(new LoadOptions(
    result.GetValue(clients), result.GetValue(groups), result.GetValue(rate), result.GetValue(seconds), result.GetValue(warmup))
{
    SeparateProcess = result.GetValue(server) == "process",
    ServerDll = result.GetValue(serverDll),
    SynchronousNormal = result.GetValue(synchronousNormal),
    InlineSockets = result.GetValue(inlineSockets),
    ServerEnvironment = result.GetValue(serverEnv)!,
}));

var media = new MediaOptions();
var root = new RootCommand("Messenger load generator") { chat };
root.Subcommands.Add(media.Command("sfu", "WebRTC scenarios against our SFU", MediaCommand.Targets.Sfu));
root.Subcommands.Add(media.Command("janus", "WebRTC scenarios against Janus 1.1.2 (needs benchmarks/run-compare.sh's namespace)", MediaCommand.Targets.Janus));
root.Subcommands.Add(media.Command("compare", "Both servers, every scenario, in one run; writes the table", MediaCommand.Targets.Sfu | MediaCommand.Targets.Janus));
return await root.Parse(args).InvokeAsync();

/// <summary>The options the media commands share.</summary>
internal sealed class MediaOptions
{
    public Option<int> Duration { get; } = new("--duration") { Description = "Measured seconds per scenario", DefaultValueFactory = _ => 20 };
    public Option<int> Warmup { get; } = new("--warmup") { Description = "Seconds between the last connect and the window", DefaultValueFactory = _ => 3 };
    public Option<string> Scenarios { get; } = new("--scenarios") { Description = "Comma list of scenario names to run (default: all)", DefaultValueFactory = _ => "all" };
    public Option<int[]> Subscribers { get; } = new("--subscribers") { Description = "Scenario (a): subscriber counts", DefaultValueFactory = _ => [50, 100, 200], AllowMultipleArgumentsPerToken = true };
    public Option<int> Meeting { get; } = new("--meeting") { Description = "Scenario (b): people in the meeting", DefaultValueFactory = _ => 10 };
    public Option<int> Speakers { get; } = new("--speakers") { Description = "Scenario (c): speakers", DefaultValueFactory = _ => 5 };
    public Option<int> Listeners { get; } = new("--listeners") { Description = "Scenario (c): listeners", DefaultValueFactory = _ => 300 };
    public Option<int> VideoKbps { get; } = new("--video-kbps") { Description = "VP8 bitrate of the 720p clip", DefaultValueFactory = _ => 1500 };
    public Option<bool> Simulcast { get; } = new("--simulcast") { Description = "Publishers send VP8 as three simulcast encodings (rids l, m, h: 180p, 360p, 720p)" };
    public Option<string?> Address { get; } = new("--address") { Description = "Address servers and peers use (default 127.0.0.1; Janus needs the namespace veth address run-compare.sh sets up)" };
    public Option<string?> Json { get; } = new("--json") { Description = "Write the results as JSON here" };
    public Option<string?> Markdown { get; } = new("--markdown") { Description = "Replace the table between the markers in this file" };
    public Option<string?> MediaNode { get; } = new("--media-node") { Description = "Messenger.MediaNode.dll (default: src/MediaNode/bin/Release)" };

    public Command Command(string name, string description, MediaCommand.Targets targets)
    {
        var command = new Command(name, description)
        {
            Duration, Warmup, Scenarios, Subscribers, Meeting, Speakers, Listeners, VideoKbps, Simulcast, Address, Json, Markdown, MediaNode,
        };
        command.SetAction((result, ct) => new MediaCommand(
            targets,
            TimeSpan.FromSeconds(result.GetValue(Duration)),
            TimeSpan.FromSeconds(result.GetValue(Warmup)),
            result.GetValue(Scenarios)!,
            result.GetValue(Subscribers)!,
            result.GetValue(Meeting),
            result.GetValue(Speakers),
            result.GetValue(Listeners),
            result.GetValue(VideoKbps),
            result.GetValue(Simulcast),
            result.GetValue(Address) is { } address ? IPAddress.Parse(address) : null,
            result.GetValue(Json),
            result.GetValue(Markdown),
            result.GetValue(MediaNode)).RunAsync(ct));
        return command;
    }
}
