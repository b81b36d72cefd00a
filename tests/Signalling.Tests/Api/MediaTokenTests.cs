using System.Net;
using System.Net.Http.Json;
using Messenger.MediaServer.Auth;
using Messenger.Signalling.Api;
using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace Messenger.Signalling.Tests.Api;

public sealed class MediaTokenTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly TestHost _host = fixture.Host;

    private MediaTokenValidator Validator(TimeProvider? clock = null)
    {
        // The media server gets only the public half of the host's key.
        var key = _host.Services.GetRequiredService<ECDsaSecurityKey>();
        var publicOnly = System.Security.Cryptography.ECDsa.Create(key.ECDsa.ExportParameters(includePrivateParameters: false));
        return new MediaTokenValidator(new ECDsaSecurityKey(publicOnly), "messenger", clock ?? TimeProvider.System);
    }

    [Fact]
    public async Task Join_token_is_room_scoped_and_verifies_with_the_public_key()
    {
        var user = await _host.SignUpAsync("joiner");
        using var client = _host.Client(user.AccessToken);
        var response = await client.PostAsJsonAsync("/api/media/token", new { room = "standup", publish = false, subscribe = true });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var issued = (await response.Content.ReadFromJsonAsync<MediaTokenResponse>())!;
        Assert.Equal("/whip/standup", issued.WhipUrl);

        var grant = await Validator().ValidateAsync(issued.Token);
        Assert.NotNull(grant);
        Assert.Equal(user.UserId, grant.UserId);
        Assert.Equal("joiner", grant.DisplayName);
        Assert.True(grant.Allows("standup", publish: false));
        Assert.False(grant.Allows("standup", publish: true));
        Assert.False(grant.Allows("other-room", publish: false));
    }

    [Fact]
    public async Task Access_token_is_accepted_for_any_room_and_forgeries_are_not()
    {
        var user = await _host.SignUpAsync("directuser");
        var grant = await Validator().ValidateAsync(user.AccessToken);
        Assert.NotNull(grant);
        Assert.True(grant.Allows("anything", publish: true));

        var tampered = user.AccessToken[..^4] + (user.AccessToken.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        Assert.Null(await Validator().ValidateAsync(tampered));
        Assert.Null(await Validator().ValidateAsync("not-a-jwt"));
        Assert.Null(await Validator().ValidateAsync(null));
    }

    [Fact]
    public async Task Expired_join_token_is_refused()
    {
        var user = await _host.SignUpAsync("latecomer");
        using var client = _host.Client(user.AccessToken);
        var issued = (await (await client.PostAsJsonAsync("/api/media/token", new { room = "r1" }))
            .Content.ReadFromJsonAsync<MediaTokenResponse>())!;
        var later = new ShiftedClock(TimeSpan.FromSeconds(issued.ExpiresIn) + TimeSpan.FromMinutes(1));
        Assert.Null(await Validator(later).ValidateAsync(issued.Token));
    }

    [Theory]
    [InlineData("{\"room\":\"\"}", "room")]
    [InlineData("{\"room\":\"has space\"}", "room")]
    [InlineData("{}", "room")]
    [InlineData("{\"room\":\"ok\",\"publish\":false,\"subscribe\":false}", "publish")]
    public async Task Bad_requests_name_the_field(string json, string field)
    {
        var user = await _host.SignUpAsync("badtoken" + Guid.NewGuid().ToString("N")[..8]);
        using var client = _host.Client(user.AccessToken);
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/media/token", content), HttpStatusCode.BadRequest, field);
    }

    private sealed class ShiftedClock(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + by;
    }
}
