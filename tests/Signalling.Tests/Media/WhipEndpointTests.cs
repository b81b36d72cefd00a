using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Messenger.Signalling.Api;
using Messenger.Signalling.Tests.Infrastructure;

namespace Messenger.Signalling.Tests.Media;

/// <summary>The HTTP side of WHIP and WHEP (RFC 9725): auth, content types, resources, PATCH, CORS.</summary>
public sealed class WhipEndpointTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly TestHost _host = fixture.Host;

    internal static string Offer(string direction = "sendonly", string audioCodec = "111 opus/48000/2", string videoCodec = "96 VP8/90000")
    {
        var (apt, aname) = (audioCodec.Split(' ')[0], audioCodec.Split(' ')[1]);
        var (vpt, vname) = (videoCodec.Split(' ')[0], videoCodec.Split(' ')[1]);
        return string.Join("\r\n",
            "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0 1",
            $"m=audio 9 UDP/TLS/RTP/SAVPF {apt}", "c=IN IP4 0.0.0.0", "a=ice-ufrag:abcd", "a=ice-pwd:abcdefghijklmnopqrstuvwx",
            "a=fingerprint:sha-256 18:DE:E5:EE:04:33:D8:F0:18:DE:E6:38:53:62:15:11:57:FE:5C:4D:DF:D9:5A:6F:18:BF:FB:3C:96:39:AC:C7",
            "a=setup:actpass", "a=mid:0", "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid", $"a={direction}", "a=rtcp-mux",
            $"a=rtpmap:{apt} {aname}", "a=ssrc:1111 cname:test",
            $"m=video 9 UDP/TLS/RTP/SAVPF {vpt}", "c=IN IP4 0.0.0.0", "a=ice-ufrag:abcd", "a=ice-pwd:abcdefghijklmnopqrstuvwx",
            "a=fingerprint:sha-256 18:DE:E5:EE:04:33:D8:F0:18:DE:E6:38:53:62:15:11:57:FE:5C:4D:DF:D9:5A:6F:18:BF:FB:3C:96:39:AC:C7",
            "a=setup:actpass", "a=mid:1", "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid", $"a={direction}", "a=rtcp-mux",
            $"a=rtpmap:{vpt} {vname}", "a=ssrc:2222 cname:test", "") ;
    }

    private static StringContent Sdp(string sdp) => new(sdp, Encoding.UTF8, "application/sdp");

    private async Task<string> JoinTokenAsync(string accessToken, string room, bool publish, bool subscribe)
    {
        using var client = _host.Client(accessToken);
        var response = await client.PostAsJsonAsync("/api/media/token", new { room, publish, subscribe });
        return (await response.Content.ReadFromJsonAsync<MediaTokenResponse>())!.Token;
    }

    [Fact]
    public async Task Publish_answers_201_with_answer_location_etag_and_participant()
    {
        var user = await _host.SignUpAsync("whipper");
        using var client = _host.Client(user.AccessToken);
        var response = await client.PostAsync("/whip/room1", Sdp(Offer()));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/sdp", response.Content.Headers.ContentType?.MediaType);
        var id = response.Headers.GetValues("X-Participant-Id").Single();
        Assert.Equal($"/whip/room1/{id}", response.Headers.Location!.ToString());
        Assert.NotNull(response.Headers.ETag);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.Contains("a=ice-lite", answer, StringComparison.Ordinal);
        Assert.Contains("a=setup:passive", answer, StringComparison.Ordinal);
        Assert.Contains("a=recvonly", answer, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", answer, StringComparison.Ordinal);
        Assert.Contains("opus/48000/2", answer, StringComparison.Ordinal);
        Assert.Contains("VP8/90000", answer, StringComparison.Ordinal);

        // The session is visible in the stats and goes away on DELETE.
        var stats = await client.GetFromJsonAsync<JsonElement>("/media/stats");
        Assert.Contains(stats.GetProperty("sessions").EnumerateArray(), s => s.GetProperty("participantId").GetString() == id);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync(response.Headers.Location)).StatusCode);
        await ProblemAssert.IsProblemAsync(await client.DeleteAsync(response.Headers.Location), HttpStatusCode.NotFound, "id");
        stats = await client.GetFromJsonAsync<JsonElement>("/media/stats");
        Assert.DoesNotContain(stats.GetProperty("sessions").EnumerateArray(), s => s.GetProperty("participantId").GetString() == id);
    }

    [Fact]
    public async Task Play_sends_the_publishers_tracks_with_our_ssrcs()
    {
        var user = await _host.SignUpAsync("whepper");
        using var client = _host.Client(user.AccessToken);
        var published = await client.PostAsync("/whip/room2", Sdp(Offer()));
        var id = published.Headers.GetValues("X-Participant-Id").Single();

        var played = await client.PostAsync($"/whep/room2?participant={id}", Sdp(Offer("recvonly")));
        Assert.Equal(HttpStatusCode.Created, played.StatusCode);
        var answer = await played.Content.ReadAsStringAsync();
        Assert.Contains("a=sendonly", answer, StringComparison.Ordinal);
        Assert.Contains("a=ssrc:", answer, StringComparison.Ordinal);
        Assert.StartsWith("/whep/room2/", played.Headers.Location!.ToString(), StringComparison.Ordinal);

        await ProblemAssert.IsProblemAsync(
            await client.PostAsync("/whep/room2?participant=nobody", Sdp(Offer("recvonly"))), HttpStatusCode.NotFound, "participant");
        await ProblemAssert.IsProblemAsync(
            await client.PostAsync("/whep/empty-room", Sdp(Offer("recvonly"))), HttpStatusCode.NotFound, "room");
    }

    [Fact]
    public async Task Tokens_are_checked_per_room_and_per_direction()
    {
        var user = await _host.SignUpAsync("tokened");
        using var anonymous = _host.Client();
        await ProblemAssert.IsProblemAsync(await anonymous.PostAsync("/whip/r3", Sdp(Offer())), HttpStatusCode.Unauthorized, "authorization");

        var viewOnly = await JoinTokenAsync(user.AccessToken, "r3", publish: false, subscribe: true);
        using (var viewer = _host.Client(viewOnly))
        {
            await ProblemAssert.IsProblemAsync(await viewer.PostAsync("/whip/r3", Sdp(Offer())), HttpStatusCode.Forbidden, "authorization");
        }

        var publishR3 = await JoinTokenAsync(user.AccessToken, "r3", publish: true, subscribe: false);
        using var publisher = _host.Client(publishR3);
        await ProblemAssert.IsProblemAsync(await publisher.PostAsync("/whip/other", Sdp(Offer())), HttpStatusCode.Forbidden, "authorization");
        Assert.Equal(HttpStatusCode.Created, (await publisher.PostAsync("/whip/r3", Sdp(Offer()))).StatusCode);
    }

    [Theory]
    [InlineData("text/plain", "v=0", HttpStatusCode.UnsupportedMediaType, "content-type")]
    [InlineData("application/sdp", "this is not sdp", HttpStatusCode.BadRequest, "sdp")]
    [InlineData("application/sdp", "__H264__", HttpStatusCode.BadRequest, "sdp")]
    [InlineData("application/sdp", "__RECVONLY__", HttpStatusCode.BadRequest, "sdp")]
    public async Task Bad_offers_are_refused_with_a_reason(string contentType, string body, HttpStatusCode status, string field)
    {
        var user = await _host.SignUpAsync("badoffer" + Guid.NewGuid().ToString("N")[..6]);
        using var client = _host.Client(user.AccessToken);
        body = body switch
        {
            "__H264__" => Offer(audioCodec: "0 PCMU/8000", videoCodec: "102 H264/90000"),
            "__RECVONLY__" => Offer("recvonly"),
            _ => body,
        };
        var response = await client.PostAsync("/whip/bad", new StringContent(body, Encoding.UTF8, contentType));
        var problem = await ProblemAssert.IsProblemAsync(response, status, field);
        if (body.Contains("H264", StringComparison.Ordinal))
        {
            Assert.Contains("Opus or VP8", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Patch_takes_trickle_and_ice_restart()
    {
        var user = await _host.SignUpAsync("patcher");
        using var client = _host.Client(user.AccessToken);
        var published = await client.PostAsync("/whip/r4", Sdp(Offer()));
        var resource = published.Headers.Location!;
        var etag = published.Headers.ETag!.Tag;

        static StringContent Fragment(string text) => new(text, Encoding.UTF8, "application/trickle-ice-sdpfrag");
        var trickle = new HttpRequestMessage(HttpMethod.Patch, resource)
        {
            Content = Fragment("a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\na=candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host\r\n"),
        };
        trickle.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(trickle)).StatusCode);

        var restart = new HttpRequestMessage(HttpMethod.Patch, resource)
        {
            Content = Fragment("a=ice-ufrag:wxyz\r\na=ice-pwd:zyxwvutsrqponmlkjihgfedc\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n"),
        };
        restart.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        var restarted = await client.SendAsync(restart);
        Assert.Equal(HttpStatusCode.OK, restarted.StatusCode);
        Assert.NotEqual(etag, restarted.Headers.ETag!.Tag);
        var fragment = await restarted.Content.ReadAsStringAsync();
        Assert.Contains("a=ice-ufrag:", fragment, StringComparison.Ordinal);
        Assert.Contains("a=candidate:", fragment, StringComparison.Ordinal);

        var stale = new HttpRequestMessage(HttpMethod.Patch, resource) { Content = Fragment("a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n") };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        await ProblemAssert.IsProblemAsync(await client.SendAsync(stale), HttpStatusCode.PreconditionFailed, "if-match");
    }

    [Fact]
    public async Task Cors_is_open_for_browser_clients_on_other_origins()
    {
        using var client = _host.Client();
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/whip/r5");
        preflight.Headers.Add("Origin", "https://elsewhere.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");
        var response = await client.SendAsync(preflight);
        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());

        var user = await _host.SignUpAsync("corsuser");
        var post = new HttpRequestMessage(HttpMethod.Post, "/whip/r5") { Content = Sdp(Offer()) };
        post.Headers.Add("Origin", "https://elsewhere.example");
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        var created = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var exposed = string.Join(",", created.Headers.GetValues("Access-Control-Expose-Headers"));
        Assert.Contains("Location", exposed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("X-Participant-Id", exposed, StringComparison.OrdinalIgnoreCase);
    }
}
