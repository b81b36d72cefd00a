using System.Net;
using System.Net.Sockets;
using Messenger.MediaServer.Hosting;
using Messenger.MediaServer.Transport;
using Messenger.Signalling.Tests.Infrastructure;

namespace Messenger.Signalling.Tests.Media;

/// <summary>
/// Bad input on the media port is dropped and counted by reason, never thrown out of the receive loop, and never
/// stops a session that is playing (issue #3 item 10).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class GarbageFloodTests(HostFixture fixture, Chromium chromium)
    : IClassFixture<HostFixture>, IClassFixture<Chromium>
{
    private readonly TestHost _host = fixture.Host;

    [Fact]
    public async Task Garbage_flood_is_counted_and_playback_keeps_decoding()
    {
        var user = await _host.SignUpAsync("flooded");
        var page = new Uri(_host.BaseAddress, "/echo.html");
        var publisher = await chromium.OpenAsync(page);
        var player = await chromium.OpenAsync(page);
        var id = await publisher.EvaluateAsync<string>(
            """
            async (token) => {
              const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
              window.session = await window.echo.whipPublish('/whip/flood', token, media);
              return window.session.participantId;
            }
            """, user.AccessToken);
        await player.EvaluateAsync(
            "async ([token, id]) => { window.session = await window.echo.whepPlay(`/whep/flood?participant=${id}`, token); }",
            new[] { user.AccessToken, id });
        var before = await WhipWhepBrowserTests.WaitForStatsAsync(
            player, s => s.GetProperty("framesDecoded").GetInt32() >= 20, TimeSpan.FromSeconds(15));
        var framesBefore = before.GetProperty("framesDecoded").GetInt32();
        Assert.True(framesBefore >= 20, $"playback never started: {before}");

        var node = _host.Services.GetRequiredService<Messenger.MediaServer.Hosting.MediaNode>();
        var drops = node.Transport.Drops;
        var target = new IPEndPoint(IPAddress.Loopback, node.Transport.LocalEndPoint.Port);
        using var attacker = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var random = new Random(1234);
        for (var i = 0; i < 3000; i++)
        {
            var datagram = GarbageFactory.Make(i % GarbageFactory.Kinds, random);
            await attacker.SendAsync(datagram, target);
        }

        var after = await WhipWhepBrowserTests.WaitForStatsAsync(
            player, s => s.GetProperty("framesDecoded").GetInt32() >= framesBefore + 40, TimeSpan.FromSeconds(15));
        Assert.True(after.GetProperty("framesDecoded").GetInt32() >= framesBefore + 40, $"playback stalled after the flood: {after}");

        Assert.True(drops.Get(DropReason.UnknownFirstByte) > 0);
        Assert.True(drops.Get(DropReason.StunMalformed) > 0);
        Assert.True(drops.Get(DropReason.StunUnknownUsername) > 0);
        Assert.True(drops.Get(DropReason.DtlsUnknownAddress) > 0);
        Assert.True(drops.Get(DropReason.UnknownRemoteAddress) > 0);
        Assert.Equal(0, drops.Get(DropReason.HandlerFault));
    }
}

/// <summary>Datagrams of the kinds the issue lists: random bytes, broken and forged STUN, stray DTLS and RTP.</summary>
internal static class GarbageFactory
{
    public const int Kinds = 6;

    public static byte[] Make(int kind, Random random)
    {
        var bytes = new byte[random.Next(1, 1200)];
        random.NextBytes(bytes);
        switch (kind)
        {
            case 0: // random bytes with a first byte no protocol owns (RFC 7983 §7)
                bytes[0] = (byte)random.Next(64, 128);
                break;
            case 1: // truncated STUN header
                bytes = bytes.Length > 12 ? bytes[..12] : bytes;
                bytes[0] = 0x00;
                break;
            case 2: // well-formed binding request for a ufrag nobody registered
                return Stun("nobody:else");
            case 3: // DTLS record from an address with no ICE binding
                bytes[0] = 22;
                break;
            case 4: // RTP-looking datagram from an unknown address
                bytes[0] = 0x80;
                break;
            default: // STUN with a broken length field
                bytes[0] = 0x00;
                bytes[1] = 0x01;
                break;
        }

        return bytes;
    }

    private static byte[] Stun(string username)
    {
        var user = System.Text.Encoding.ASCII.GetBytes(username);
        var padded = (user.Length + 3) & ~3;
        var message = new byte[20 + 4 + padded];
        message[1] = 0x01; // Binding request
        message[2] = 0;
        message[3] = (byte)(4 + padded);
        new byte[] { 0x21, 0x12, 0xA4, 0x42 }.CopyTo(message, 4);
        Random.Shared.NextBytes(message.AsSpan(8, 12));
        message[20] = 0x00;
        message[21] = 0x06; // USERNAME
        message[23] = (byte)user.Length;
        user.CopyTo(message, 24);
        return message;
    }
}
