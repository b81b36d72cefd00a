using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Messenger.MediaServer.Standalone;
using Messenger.MediaServer.Auth;
using Messenger.MediaServer.RoomSignalling;
using Messenger.Signalling.Api;
using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Messenger.Signalling.Tests.Media;

/// <summary>
/// A media node on its own: it knows only the main host's public key (fetched from the host, as an operator would),
/// and admits exactly the join tokens that host signs.
/// </summary>
public sealed class StandaloneMediaNodeTests : IAsyncLifetime
{
    private readonly TestHost _host = new();
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), "messenger-tests", "node-key-" + Guid.NewGuid().ToString("N") + ".pem");
    private WebApplication? _node;
    private Uri _nodeAddress = null!;

    public async Task InitializeAsync()
    {
        await _host.StartAsync();
        using var client = _host.Client();
        var response = await client.GetAsync("/api/media/public-key");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MediaEndpoints.PemContentType, response.Content.Headers.ContentType?.MediaType);
        var pem = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", pem, StringComparison.Ordinal);
        Directory.CreateDirectory(Path.GetDirectoryName(_keyFile)!);
        await File.WriteAllTextAsync(_keyFile, pem);

        _node = StartNode(_keyFile);
        await _node.StartAsync();
        _nodeAddress = new Uri(_node.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.StopAsync();
            await _node.DisposeAsync();
        }

        await _host.DisposeAsync();
        File.Delete(_keyFile);
    }

    private static WebApplication StartNode(string? keyFile) => MediaNodeHost.Build(["--urls", "http://127.0.0.1:0"], builder =>
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MediaNode:PublicKeyPemPath"] = keyFile,
            ["Media:UdpPort"] = "0",
            ["Media:BindAddress"] = "127.0.0.1",
            ["Media:AnnouncedAddresses:0"] = "127.0.0.1",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
    });

    private HttpClient NodeClient(string? bearer)
    {
        var client = new HttpClient { BaseAddress = _nodeAddress };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    private async Task<string> JoinTokenAsync(string username, string room)
    {
        var user = await _host.SignUpAsync(username);
        using var client = _host.Client(user.AccessToken);
        var response = await client.PostAsJsonAsync("/api/media/token", new { room, publish = true, subscribe = true });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<MediaTokenResponse>())!.Token;
    }

    private static StringContent Sdp(string sdp) => new(sdp, Encoding.UTF8, "application/sdp");

    [Fact]
    public async Task Whip_on_the_node_accepts_the_hosts_join_token()
    {
        var token = await JoinTokenAsync("nodewhip", "node-room");
        using var client = NodeClient(token);
        var response = await client.PostAsync("/whip/node-room", Sdp(WhipEndpointTests.Offer()));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/sdp", response.Content.Headers.ContentType?.MediaType);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.Contains("a=ice-lite", answer, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", answer, StringComparison.Ordinal);
        Assert.StartsWith("/whip/node-room/", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_signed_by_another_key_is_refused()
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "messenger",
            Audience = MediaTokenClaims.Audience,
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(stranger), SecurityAlgorithms.EcdsaSha256),
            Claims = new Dictionary<string, object>
            {
                [MediaTokenClaims.Room] = "node-room",
                [MediaTokenClaims.CanPublish] = true,
                [MediaTokenClaims.CanSubscribe] = true,
            },
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, "intruder")]),
        });

        using var client = NodeClient(forged);
        await ProblemAssert.IsProblemAsync(
            await client.PostAsync("/whip/node-room", Sdp(WhipEndpointTests.Offer())), HttpStatusCode.Unauthorized, "authorization");
    }

    [Fact]
    public async Task The_room_hub_on_the_node_admits_the_join_token()
    {
        var token = await JoinTokenAsync("noderoom", "hub-room");
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_nodeAddress, RoomHub.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await hub.StartAsync();

        var joined = await hub.InvokeAsync<JoinResponse>("Join", new JoinRequest("Node"));
        Assert.False(string.IsNullOrEmpty(joined.ParticipantId));
        Assert.Empty(joined.Participants);
    }

    [Fact]
    public async Task Healthz_answers()
    {
        using var client = NodeClient(null);
        var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ok", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("does-not-exist.pem")]
    [InlineData("not-a-key.pem")]
    public void A_missing_or_unreadable_key_stops_the_node_with_a_reason(string? name)
    {
        string? path = name is null ? null : Path.Combine(Path.GetDirectoryName(_keyFile)!, Guid.NewGuid().ToString("N") + name);
        if (name == "not-a-key.pem")
        {
            File.WriteAllText(path!, "hello");
        }

        try
        {
            var refused = Assert.Throws<MediaNodeConfigurationException>(() => StartNode(path));
            Assert.Contains(name is null ? "PublicKeyPemPath" : path!, refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (path is not null)
            {
                File.Delete(path);
            }
        }
    }

    [Fact]
    public void A_private_key_file_is_accepted_but_only_its_public_half_is_kept()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = Path.Combine(Path.GetDirectoryName(_keyFile)!, Guid.NewGuid().ToString("N") + "-private.pem");
        File.WriteAllText(path, ecdsa.ExportPkcs8PrivateKeyPem());
        try
        {
            var key = PublicKeyFile.Load(path);
            Assert.Equal(ecdsa.ExportSubjectPublicKeyInfo(), key.ECDsa.ExportSubjectPublicKeyInfo());
            Assert.ThrowsAny<CryptographicException>(() => key.ECDsa.ExportParameters(includePrivateParameters: true));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
