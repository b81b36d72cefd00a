using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Messenger.LoadTest.Peers;
using Messenger.MediaServer.Auth;
using Messenger.MediaServer.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Messenger.LoadTest.Signalling;

/// <summary>
/// Our SFU as a standalone media node (src/MediaNode, Release build) in its own process, driven over WHIP/WHEP
/// (RFC 9725) with join tokens this tool signs: the node is given the matching public key, as an operator would.
/// </summary>
public sealed class SfuTarget(IPAddress address, string mediaNodeDll, string workFolder) : IMediaTarget
{
    private const string Room = "load";
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private ServerProcess? _server;
    private int _users;

    public string Name => "sfu";

    public int ServerProcessId => _server?.Id ?? throw new InvalidOperationException("not started");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(mediaNodeDll))
        {
            throw new FileNotFoundException($"media node not built: {mediaNodeDll} (dotnet build -c Release src/MediaNode)");
        }

        Directory.CreateDirectory(workFolder);
        var keyFile = Path.Combine(workFolder, "node-key.pem");
        await File.WriteAllTextAsync(keyFile, _key.ExportSubjectPublicKeyInfoPem(), cancellationToken);
        var port = FreeTcpPort(address);
        _http.BaseAddress = new Uri($"http://{address}:{port}");
        _server = ServerProcess.Start("dotnet",
        [
            mediaNodeDll, "--urls", _http.BaseAddress.ToString(),
            $"--MediaNode:PublicKeyPemPath={keyFile}",
            "--Media:UdpPort=0", $"--Media:BindAddress={address}", $"--Media:AnnouncedAddresses:0={address}",
            "--Media:MaxParticipantsPerRoom=100000", "--Logging:LogLevel:Default=Warning",
        ], Path.Combine(workFolder, "media-node.log"));
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var health = await _http.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (attempt < 100 && !_server.HasExited)
            {
            }

            if (attempt >= 100 || _server.HasExited)
            {
                throw new InvalidOperationException($"media node did not start; see {_server.LogPath}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public async Task<string> PublishAsync(ClientPeer peer, IReadOnlyList<PublishedTrack> tracks, CancellationToken cancellationToken)
    {
        using var response = await PostSdpAsync($"/whip/{Room}", LocalDescription.PublishOffer(peer, tracks), cancellationToken);
        var answer = RemoteDescription.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        peer.SetRemote(answer.Candidate, answer.Ufrag, answer.Password, answer.Fingerprint);
        foreach (var track in tracks)
        {
            var media = answer.Media.First(m => m.Mid == track.Mid);
            track.PayloadType = media.FindPayloadType(track.Script.Kind == "video" ? "VP8/90000" : "opus/48000") ?? track.PayloadType;
        }

        return response.Headers.GetValues("X-Participant-Id").First();
    }

    public async Task<IReadOnlyDictionary<byte, int>> SubscribeAsync(ClientPeer peer, string feed, bool video, CancellationToken cancellationToken)
    {
        using var response = await PostSdpAsync($"/whep/{Room}?participant={Uri.EscapeDataString(feed)}", LocalDescription.SubscribeOffer(peer, video), cancellationToken);
        var answer = RemoteDescription.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        peer.SetRemote(answer.Candidate, answer.Ufrag, answer.Password, answer.Fingerprint);
        return answer.MediaClockRates();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _http.Dispose();
        _key.Dispose();
    }

    private async Task<HttpResponseMessage> PostSdpAsync(string path, string sdp, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(sdp, Encoding.UTF8, "application/sdp"),
        };
        // One user per session, as real participants are.
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SignJoinToken($"load-{Interlocked.Increment(ref _users)}"));
        var response = await _http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Dispose();
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {body}");
        }

        return response;
    }

    /// <summary>A room join token as the host issues them (docs/protocol.md), valid for both directions.</summary>
    private string SignJoinToken(string user) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "messenger",
        Audience = MediaTokenClaims.Audience,
        Expires = DateTime.UtcNow.AddHours(2),
        SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(_key), SecurityAlgorithms.EcdsaSha256),
        Claims = new Dictionary<string, object>
        {
            [MediaTokenClaims.Room] = Room,
            [MediaTokenClaims.CanPublish] = true,
            [MediaTokenClaims.CanSubscribe] = true,
        },
        Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, user)]),
    });

    private static int FreeTcpPort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
