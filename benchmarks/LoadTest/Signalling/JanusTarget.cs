using System.Net;
using System.Text.Json.Nodes;
using Messenger.LoadTest.Peers;
using Messenger.MediaServer.Client;

namespace Messenger.LoadTest.Signalling;

/// <summary>
/// Janus 1.1.2 (Debian) with the videoroom plugin, config from benchmarks/janus, in its own process. Janus only
/// gathers on lb0 (it ignores loopback), so the peers bind the same namespace-local address.
/// </summary>
public sealed class JanusTarget(string configFolder, string workFolder) : IMediaTarget
{
    private const int Room = 1234;
    private static readonly Uri BaseUri = new("http://127.0.0.1:8088");
    private ServerProcess? _server;
    private JanusClient? _client;

    public string Name => "janus";

    public int ServerProcessId => _server?.Id ?? throw new InvalidOperationException("not started");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workFolder);
        _server = ServerProcess.Start("janus", ["-F", configFolder, "-o"], Path.Combine(workFolder, "janus.log"));
        using var http = new HttpClient { BaseAddress = BaseUri };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var info = await http.GetAsync(new Uri("/janus/info", UriKind.Relative), cancellationToken);
                if (info.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (attempt < 100 && !_server.HasExited)
            {
            }

            if (attempt >= 100 || _server.HasExited)
            {
                throw new InvalidOperationException($"janus did not start; see {_server.LogPath}");
            }

            await Task.Delay(100, cancellationToken);
        }

        _client = new JanusClient(new Uri(BaseUri, "/"));
        await _client.CreateSessionAsync(cancellationToken);
    }

    public async Task<string> PublishAsync(ClientPeer peer, IReadOnlyList<PublishedTrack> tracks, CancellationToken cancellationToken)
    {
        var client = _client!;
        var handle = await client.AttachAsync(cancellationToken);
        var joined = await client.MessageAsync(handle, new JsonObject { ["request"] = "join", ["ptype"] = "publisher", ["room"] = Room }, null, cancellationToken);
        var feed = joined.GetProperty("plugindata").GetProperty("data").GetProperty("id").GetUInt64();
        var published = await client.MessageAsync(handle, new JsonObject { ["request"] = "publish" },
            new JsonObject { ["type"] = "offer", ["sdp"] = LocalDescription.PublishOffer(peer, tracks, "active", highestFirst: true), ["trickle"] = false }, cancellationToken);
        var answer = RemoteDescription.Parse(published.GetProperty("jsep").GetProperty("sdp").GetString()!);
        // Janus is a full ICE agent and answered, so it is controlled: our tie-breaker does not matter here.
        peer.SetRemote(answer.Candidate, answer.Ufrag, answer.Password, answer.Fingerprint);
        foreach (var track in tracks)
        {
            var media = answer.Media.First(m => m.Mid == track.Mid);
            track.PayloadType = media.FindPayloadType(track.Script.Kind == "video" ? "VP8/90000" : "opus/48000") ?? track.PayloadType;
        }

        return feed.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyDictionary<byte, int>> SubscribeAsync(ClientPeer peer, string feed, bool video, CancellationToken cancellationToken)
    {
        var client = _client!;
        var handle = await client.AttachAsync(cancellationToken);
        var attached = await client.MessageAsync(handle, new JsonObject
        {
            ["request"] = "join",
            ["ptype"] = "subscriber",
            ["room"] = Room,
            // For a simulcast publisher, ask for the top encoding (substream 2, every temporal layer), as our SFU
            // gives a WHEP subscriber whose bandwidth allows it; without simulcast Janus ignores these.
            ["streams"] = new JsonArray(new JsonObject
            {
                ["feed"] = ulong.Parse(feed, System.Globalization.CultureInfo.InvariantCulture),
                ["substream"] = 2,
                ["temporal"] = 2,
            }),
        }, null, cancellationToken);
        var offer = RemoteDescription.Parse(attached.GetProperty("jsep").GetProperty("sdp").GetString()!);
        // Janus offered, so it starts as the controlling agent; the largest tie-breaker makes it yield (RFC 8445 §7.3.1.1).
        peer.SetRemote(offer.Candidate, offer.Ufrag, offer.Password, offer.Fingerprint, ulong.MaxValue);
        await client.MessageAsync(handle, new JsonObject { ["request"] = "start" },
            new JsonObject { ["type"] = "answer", ["sdp"] = LocalDescription.Answer(peer, offer), ["trickle"] = false }, cancellationToken);
        return offer.MediaClockRates();
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
