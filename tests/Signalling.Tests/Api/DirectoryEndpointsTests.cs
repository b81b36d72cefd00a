using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Messenger.Signalling.Tests.Infrastructure;

namespace Messenger.Signalling.Tests.Api;

public sealed class DirectoryEndpointsTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly TestHost _host = fixture.Host;

    [Fact]
    public async Task Profile_can_be_read_and_updated()
    {
        var tokens = await _host.SignUpAsync("profiler");
        using var client = _host.Client(tokens.AccessToken);

        var patched = await client.PatchAsJsonAsync("/api/users/me", new { displayName = "New Name", about = "Hi there" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        var byId = await client.GetFromJsonAsync<JsonElement>($"/api/users/{tokens.UserId}");
        Assert.Equal("New Name", byId.GetProperty("displayName").GetString());
        Assert.Equal("Hi there", byId.GetProperty("about").GetString());

        // Only what is sent changes.
        await client.PatchAsJsonAsync("/api/users/me", new { about = "Changed" });
        var me = await client.GetFromJsonAsync<JsonElement>("/api/users/me");
        Assert.Equal("New Name", me.GetProperty("displayName").GetString());
        Assert.Equal("Changed", me.GetProperty("about").GetString());
    }

    [Theory]
    [InlineData("{\"displayName\":\"\"}", "displayName")]
    [InlineData("{\"about\":\"__LONG__\"}", "about")]
    public async Task Invalid_profile_update_names_the_field_and_changes_nothing(string json, string field)
    {
        var tokens = await _host.SignUpAsync("badpatch" + field.ToLowerInvariant());
        using var client = _host.Client(tokens.AccessToken);
        using var content = new StringContent(json.Replace("__LONG__", new string('x', 600), StringComparison.Ordinal),
            System.Text.Encoding.UTF8, "application/json");
        await ProblemAssert.IsProblemAsync(await client.PatchAsync("/api/users/me", content), HttpStatusCode.BadRequest, field);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/users/me");
        Assert.Equal("", me.GetProperty("about").GetString());
    }

    [Fact]
    public async Task Unknown_user_is_404()
    {
        var tokens = await _host.SignUpAsync("looker");
        using var client = _host.Client(tokens.AccessToken);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/users/doesnotexist"), HttpStatusCode.NotFound, "userId");
    }

    [Fact]
    public async Task Search_matches_username_and_display_name_prefixes_in_pages()
    {
        var tokens = await _host.SignUpAsync("searcher");
        for (var i = 0; i < 5; i++)
        {
            await _host.SignUpAsync($"zeta{i}");
        }

        using var client = _host.Client(tokens.AccessToken);
        await client.PatchAsJsonAsync("/api/users/me", new { displayName = "Zebra Hunter" });

        var first = await client.GetFromJsonAsync<JsonElement>("/api/users?query=ZE&limit=4");
        Assert.Equal(4, first.GetProperty("items").GetArrayLength());
        Assert.Equal(4, first.GetProperty("nextOffset").GetInt32());
        var second = await client.GetFromJsonAsync<JsonElement>("/api/users?query=ze&limit=4&offset=4");
        Assert.Equal(2, second.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextOffset").ValueKind);

        var names = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(u => u.GetProperty("username").GetString()).ToList();
        Assert.Contains("searcher", names); // matched through display name "Zebra Hunter"
        Assert.Equal(6, names.Distinct().Count());

        // LIKE wildcards in the query are literal characters.
        var wildcard = await client.GetFromJsonAsync<JsonElement>("/api/users?query=%25");
        Assert.Equal(0, wildcard.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("/api/users?query=", "query")]
    [InlineData("/api/users?query=a&limit=0", "limit")]
    [InlineData("/api/users?query=a&limit=1000", "limit")]
    [InlineData("/api/users?query=a&offset=-1", "offset")]
    public async Task Bad_search_parameters_name_the_field(string url, string field)
    {
        var tokens = await _host.SignUpAsync("badsearch" + Guid.NewGuid().ToString("N")[..8]);
        using var client = _host.Client(tokens.AccessToken);
        await ProblemAssert.IsProblemAsync(await client.GetAsync(url), HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("/api/contacts")]
    [InlineData("/api/blocks")]
    public async Task Relations_can_be_added_listed_and_removed(string prefix)
    {
        var suffix = prefix.EndsWith("contacts", StringComparison.Ordinal) ? "c" : "b";
        var owner = await _host.SignUpAsync("owner" + suffix);
        var other = await _host.SignUpAsync("other" + suffix);
        using var client = _host.Client(owner.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync($"{prefix}/{other.UserId}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync($"{prefix}/{other.UserId}", null)).StatusCode); // idempotent
        var list = await client.GetFromJsonAsync<JsonElement>(prefix);
        Assert.Equal(1, list.GetArrayLength());
        Assert.Equal(other.UserId, list[0].GetProperty("user").GetProperty("id").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{prefix}/{other.UserId}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await client.DeleteAsync($"{prefix}/{other.UserId}"), HttpStatusCode.NotFound, "userId");
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>(prefix)).GetArrayLength());

        await ProblemAssert.IsProblemAsync(await client.PutAsync($"{prefix}/nobody", null), HttpStatusCode.NotFound, "userId");
        await ProblemAssert.IsProblemAsync(await client.PutAsync($"{prefix}/{owner.UserId}", null), HttpStatusCode.BadRequest, "userId");

        // Relations are private to their owner.
        using var otherClient = _host.Client(other.AccessToken);
        Assert.Equal(0, (await otherClient.GetFromJsonAsync<JsonElement>(prefix)).GetArrayLength());
    }

    [Fact]
    public async Task Each_login_is_a_device_and_a_revoked_device_is_cut_off()
    {
        var phone = await _host.SignUpAsync("multidevice", device: "phone");
        var laptop = await _host.LoginAsync("multidevice", device: "laptop");
        using var phoneClient = _host.Client(phone.AccessToken);
        using var laptopClient = _host.Client(laptop.AccessToken);

        var devices = await phoneClient.GetFromJsonAsync<JsonElement>("/api/devices");
        Assert.Equal(2, devices.GetArrayLength());
        var current = devices.EnumerateArray().Single(d => d.GetProperty("current").GetBoolean());
        Assert.Equal("phone", current.GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await phoneClient.DeleteAsync($"/api/devices/{laptop.DeviceId}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await laptopClient.GetAsync("/api/users/me"), HttpStatusCode.Unauthorized, "authorization");
        Assert.Equal(HttpStatusCode.OK, (await phoneClient.GetAsync("/api/users/me")).StatusCode);
        Assert.Equal(1, (await phoneClient.GetFromJsonAsync<JsonElement>("/api/devices")).GetArrayLength());
    }

    [Fact]
    public async Task A_user_cannot_revoke_someone_elses_device()
    {
        var mine = await _host.SignUpAsync("deviceowner");
        var theirs = await _host.SignUpAsync("deviceother");
        using var client = _host.Client(mine.AccessToken);
        await ProblemAssert.IsProblemAsync(
            await client.DeleteAsync($"/api/devices/{theirs.DeviceId}"), HttpStatusCode.NotFound, "deviceId");
        using var theirClient = _host.Client(theirs.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await theirClient.GetAsync("/api/users/me")).StatusCode);
    }
}
