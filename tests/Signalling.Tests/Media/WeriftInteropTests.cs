using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Messenger.MediaServer.Hosting;
using Messenger.MediaServer.Transport;
using Messenger.Signalling.Tests.Infrastructure;

namespace Messenger.Signalling.Tests.Media;

/// <summary>
/// A second, independent WebRTC implementation (issue #3): werift, in TypeScript on node, publishes real VP8 and
/// Opus (encoded by ffmpeg) over WHIP and a second werift peer plays them over WHEP through our SFU. The script
/// (tests/interop/werift/whip-whep.mjs) reports what the player received as one JSON line.
/// </summary>
public sealed class WeriftInteropTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Drops that would mean the server could not understand werift (not the ones timing can cause).</summary>
    private static readonly DropReason[] RefusalReasons =
    [
        DropReason.UnknownFirstByte, DropReason.StunMalformed, DropReason.StunBadIntegrity, DropReason.StunUnknownUsername,
        DropReason.StunRejected, DropReason.SrtpAuthFailed, DropReason.SrtpReplay, DropReason.RtpMalformed,
        DropReason.RtcpMalformed, DropReason.RtpUnknownSsrc, DropReason.HandlerFault,
    ];

    private readonly TestHost _host = fixture.Host;

    [Fact]
    public async Task Werift_publishes_over_whip_and_another_werift_peer_plays_over_whep()
    {
        var user = await _host.SignUpAsync("werift");

        using var polling = new CancellationTokenSource();
        var sessions = PollSessionStatsAsync(polling.Token);
        var run = await RunScriptAsync(_host.BaseAddress.ToString(), user.AccessToken, "werift-room");
        await polling.CancelAsync();
        var seen = await sessions;

        Assert.True(run.ExitCode == 0, $"whip-whep.mjs exited with {run.ExitCode}:\n{run.Errors}");
        var result = run.Result ?? throw new Xunit.Sdk.XunitException($"whip-whep.mjs printed no JSON line:\n{run.Errors}");
        var report = $"{result}\n{run.Errors}";
        var received = Count(result, "audioPackets") + Count(result, "videoPackets");
        Assert.True(Count(result, "audioPackets") >= 100, $"received too few Opus packets: {report}");
        Assert.True(Count(result, "videoPackets") >= 50, $"received too few VP8 packets: {report}");
        Assert.True(Count(result, "videoFrames") >= 30, $"received too few whole VP8 frames: {report}");
        Assert.True(Count(result, "keyframes") >= 1, $"received no VP8 keyframe: {report}");
        Assert.Equal(0, Count(result, "vp8Invalid"));
        Assert.Equal(0, Count(result, "opusInvalid"));
        // The keyframe header carries ffmpeg's test pattern size: the payload arrived intact through SRTP both ways.
        Assert.Equal(320, Count(result, "width"));
        Assert.Equal(240, Count(result, "height"));
        // The SFU's own SRTCP reached both werift peers and parsed: Sender Reports for the streams the player gets
        // (RFC 3550 §6.4.1) and REMB to the publisher.
        Assert.True(Count(result.GetProperty("playerRtcp"), "sr") >= 1, $"the player got no Sender Report: {report}");
        Assert.True(Count(result.GetProperty("publisherRtcp"), "remb") >= 1, $"the publisher got no REMB: {report}");
        Assert.Equal(200, Count(result, "deletePublishStatus"));
        Assert.Equal(200, Count(result, "deletePlayStatus"));

        // The server's own counters, as last seen before the DELETEs: it took in from the publisher at least what
        // the player got, and sent the player at least that much.
        var publisher = seen.GetValueOrDefault(result.GetProperty("publisherId").GetString()!);
        var player = seen.GetValueOrDefault(result.GetProperty("playerId").GetString()!);
        Assert.True(publisher is { Connected: true, Producers: 2 }, $"publisher session: {publisher}");
        Assert.True(player is { Connected: true, Consumers: 2 }, $"player session: {player}");
        Assert.True(publisher.PacketsIn >= received, $"server counted {publisher.PacketsIn} packets in, the player got {received}");
        Assert.True(player.PacketsOut >= received, $"server counted {player.PacketsOut} packets out, the player got {received}");

        // DELETE ended both sessions: the room no longer lists them. Nothing werift sent was refused as malformed,
        // unauthenticated or unknown.
        using var client = _host.Client();
        var after = await client.GetFromJsonAsync<MediaStatsView>("/media/stats");
        Assert.DoesNotContain(after!.Sessions, s => s.Room == "werift-room");
        foreach (var reason in RefusalReasons)
        {
            Assert.True(after.Drops[reason.ToString()] == 0, $"the server dropped werift's datagrams as {reason}: {after.Drops[reason.ToString()]}");
        }
    }

    /// <summary>
    /// Polls <c>/media/stats</c> (allowed from loopback) until cancelled, keeping the last view of each session of
    /// the room: the script DELETEs its sessions before it exits, so their counters must be read while they live.
    /// </summary>
    private async Task<Dictionary<string, SessionStatsView>> PollSessionStatsAsync(CancellationToken token)
    {
        var seen = new Dictionary<string, SessionStatsView>(StringComparer.Ordinal);
        using var client = _host.Client();
        try
        {
            while (!token.IsCancellationRequested)
            {
                var stats = await client.GetFromJsonAsync<MediaStatsView>("/media/stats", token);
                foreach (var session in stats!.Sessions)
                {
                    if (session.Room == "werift-room")
                    {
                        // Counters only grow, but a player loses its consumers when the publisher leaves first
                        // (the server drops consumers of a track that is gone), so keep the fullest picture.
                        seen[session.ParticipantId] = seen.TryGetValue(session.ParticipantId, out var earlier) && earlier.Consumers > session.Consumers
                            ? earlier with { PacketsIn = session.PacketsIn, PacketsOut = session.PacketsOut }
                            : session;
                    }
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), token);
            }
        }
        catch (OperationCanceledException)
        {
            // The script has exited.
        }

        return seen;
    }

    private static long Count(JsonElement result, string name) =>
        result.TryGetProperty(name, out var value) ? value.GetInt64() : 0;

    private sealed record ScriptRun(int ExitCode, JsonElement? Result, string Errors);

    /// <summary>Runs the script with node; kills it (and ffmpeg under it) if it outlives the timeout.</summary>
    private static async Task<ScriptRun> RunScriptAsync(params string[] arguments)
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "interop", "werift");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "werift")),
            $"werift is not installed in {folder}: run scripts/install-test-deps.sh (npm ci there).");
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("whip-whep.mjs");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new ScriptRun(-1, null, $"timed out after {ScriptTimeout}:\n{await errors}");
        }

        return new ScriptRun(process.ExitCode, LastJsonLine(await output), await errors);
    }

    private static JsonElement? LastJsonLine(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            if (lines[i].StartsWith('{'))
            {
                using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(lines[i]));
                return document.RootElement.Clone();
            }
        }

        return null;
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Messenger.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Messenger.sln not found.");
    }
}
