using System.Net;
using System.Net.Http.Json;
using System.Text;
using Messenger.Signalling.Api;
using Messenger.Signalling.Tests.Infrastructure;

namespace Messenger.Signalling.Tests.Api;

public sealed class AuthEndpointsTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly TestHost _host = fixture.Host;

    [Fact]
    public async Task Register_returns_201_with_user_id_and_location()
    {
        using var client = _host.Client();
        var response = await client.PostAsJsonAsync("/api/auth/register",
            new { username = "Reg.User_1", password = "password1", displayName = "Reg" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<RegisterResponse>();
        Assert.False(string.IsNullOrEmpty(body!.UserId));
        Assert.EndsWith(body.UserId, response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usernames_are_unique_case_insensitively()
    {
        await _host.SignUpAsync("dupe");
        using var client = _host.Client();
        var again = await client.PostAsJsonAsync("/api/auth/register",
            new { username = "DUPE", password = "password1", displayName = "Other" });
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict, "username");
    }

    [Theory]
    [InlineData("ab", "password1", "Name", "username")]
    [InlineData("this_username_is_far_too_long_to_be_ok", "password1", "Name", "username")]
    [InlineData("bad-char", "password1", "Name", "username")]
    [InlineData("space here", "password1", "Name", "username")]
    [InlineData(null, "password1", "Name", "username")]
    [InlineData("okname", "short", "Name", "password")]
    [InlineData("okname", null, "Name", "password")]
    [InlineData("okname", "password1", "", "displayName")]
    [InlineData("okname", "password1", "   ", "displayName")]
    public async Task Invalid_registration_names_the_field_and_writes_nothing(
        string? username, string? password, string? displayName, string field)
    {
        using var client = _host.Client();
        var response = await client.PostAsJsonAsync("/api/auth/register", new { username, password, displayName });
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, field);

        // Nothing was written: the (valid) name is still free afterwards.
        var probe = "probe" + Guid.NewGuid().ToString("N")[..8];
        var ok = await client.PostAsJsonAsync("/api/auth/register", new { username = probe, password = "password1", displayName = "P" });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
    }

    [Fact]
    public async Task Wrong_username_and_wrong_password_look_the_same()
    {
        await _host.SignUpAsync("enumtarget");
        using var client = _host.Client();
        var wrongPassword = await client.PostAsJsonAsync("/api/auth/login",
            new { username = "enumtarget", password = "not the password", deviceName = "x" });
        var wrongUser = await client.PostAsJsonAsync("/api/auth/login",
            new { username = "nobody_here", password = "not the password", deviceName = "x" });

        var a = await ProblemAssert.IsProblemAsync(wrongPassword, HttpStatusCode.Unauthorized, "password");
        var b = await ProblemAssert.IsProblemAsync(wrongUser, HttpStatusCode.Unauthorized, "password");
        Assert.Equal(a.GetProperty("detail").GetString(), b.GetProperty("detail").GetString());
        Assert.Equal(a.GetProperty("errors").ToString(), b.GetProperty("errors").ToString());
    }

    [Fact]
    public async Task Login_issues_tokens_that_open_the_api()
    {
        var tokens = await _host.SignUpAsync("logger", device: "phone");
        Assert.Equal(900, tokens.ExpiresIn);
        using var client = _host.Client(tokens.AccessToken);
        var me = await client.GetFromJsonAsync<Dictionary<string, object>>("/api/users/me");
        Assert.Equal("logger", me!["username"].ToString());
        Assert.Equal(tokens.UserId, me["id"].ToString());
    }

    [Fact]
    public async Task Refresh_rotates_and_reusing_a_rotated_token_revokes_the_device()
    {
        var first = await _host.SignUpAsync("rotator");
        using var anonymous = _host.Client();

        var refreshed = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = first.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var second = (await refreshed.Content.ReadFromJsonAsync<TokenResponse>())!;
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal(first.DeviceId, second.DeviceId);
        using (var client = _host.Client(second.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/users/me")).StatusCode);
        }

        // The first token was rotated away; presenting it again looks like theft.
        var replay = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = first.RefreshToken });
        await ProblemAssert.IsProblemAsync(replay, HttpStatusCode.Unauthorized, "refreshToken");

        // The whole device session is gone: the newest refresh token and access token stop working.
        var legit = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = second.RefreshToken });
        await ProblemAssert.IsProblemAsync(legit, HttpStatusCode.Unauthorized, "refreshToken");
        using var after = _host.Client(second.AccessToken);
        await ProblemAssert.IsProblemAsync(await after.GetAsync("/api/users/me"), HttpStatusCode.Unauthorized, "authorization");
    }

    [Fact]
    public async Task Unknown_refresh_token_is_401_and_missing_one_is_400()
    {
        using var client = _host.Client();
        await ProblemAssert.IsProblemAsync(
            await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "made-up" }),
            HttpStatusCode.Unauthorized, "refreshToken");
        await ProblemAssert.IsProblemAsync(
            await client.PostAsJsonAsync("/api/auth/refresh", new { }),
            HttpStatusCode.BadRequest, "refreshToken");
    }

    [Fact]
    public async Task Logout_revokes_the_current_device_at_once()
    {
        var tokens = await _host.SignUpAsync("leaver");
        using var client = _host.Client(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/auth/logout", null)).StatusCode);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/users/me"), HttpStatusCode.Unauthorized, "authorization");

        using var anonymous = _host.Client();
        var refresh = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_names_the_field()
    {
        using var client = _host.Client();
        using var content = new StringContent("{\"username\": 42}", Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/api/auth/register", content);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "username");
    }

    [Fact]
    public async Task Oversized_body_is_413()
    {
        using var client = _host.Client();
        using var content = new StringContent(
            "{\"username\":\"" + new string('a', 200_000) + "\"}", Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/api/auth/register", content);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body");
    }

    [Fact]
    public async Task Missing_token_is_a_401_problem()
    {
        using var client = _host.Client();
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/users/me"), HttpStatusCode.Unauthorized, "authorization");
        using var forged = _host.Client("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
        await ProblemAssert.IsProblemAsync(await forged.GetAsync("/api/users/me"), HttpStatusCode.Unauthorized, "authorization");
    }
}
