using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace Messenger.Signalling.Tests.Identity;

/// <summary>
/// The whole redirect flow against a real OpenID Connect provider (OpenIddict on loopback), with the browser played
/// by an HttpClient that follows each redirect by hand: start → provider authorize (auto-login) → our callback →
/// one-time code → our tokens → the verified badge on /api/users/me.
/// </summary>
public sealed class IdentityFlowTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    [Fact]
    public async Task Esia_sign_in_creates_an_account_named_and_badged_from_the_verified_attributes()
    {
        fixture.Provider.NextUser = new("esia-new-1", "Иван", "Иванов", "Иванович", "1985-03-02", Trusted: true);
        var gostBefore = fixture.Provider.GostSecretsVerified;

        var first = await fixture.SignInAsync("esia", "login");

        Assert.Equal("login", first.GetProperty("mode").GetString());
        Assert.True(first.GetProperty("accountCreated").GetBoolean());
        // The provider verified the GOST client secret on the authorization request and on the token request.
        Assert.True(fixture.Provider.GostSecretsVerified >= gostBefore + 2);
        var accessToken = first.GetProperty("tokens").GetProperty("accessToken").GetString()!;
        Assert.False(string.IsNullOrEmpty(first.GetProperty("tokens").GetProperty("refreshToken").GetString()));

        var me = await fixture.GetJsonAsync("/api/users/me", accessToken);
        Assert.Equal("Иванов Иван Иванович", me.GetProperty("displayName").GetString());
        Assert.StartsWith("esia_", me.GetProperty("username").GetString(), StringComparison.Ordinal);
        var verified = me.GetProperty("verified");
        Assert.Equal("esia", verified.GetProperty("provider").GetString());
        Assert.Equal("Иванов Иван Иванович", verified.GetProperty("fullName").GetString());
        // Birth date and the trusted flag reach us only through userinfo, so this shows userinfo was read.
        Assert.Equal("1985-03-02", verified.GetProperty("birthDate").GetString());
        Assert.True(verified.GetProperty("documentsChecked").GetBoolean());

        var again = await fixture.SignInAsync("esia", "login");
        Assert.False(again.GetProperty("accountCreated").GetBoolean());
        Assert.Equal(first.GetProperty("tokens").GetProperty("userId").GetString(), again.GetProperty("tokens").GetProperty("userId").GetString());

        // Others see the badge but not the birth date.
        var other = await fixture.Host.SignUpAsync("esia_viewer");
        var seen = await fixture.GetJsonAsync($"/api/users/{me.GetProperty("id").GetString()}", other.AccessToken);
        Assert.True(seen.GetProperty("verified").GetProperty("documentsChecked").GetBoolean());
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("verified").GetProperty("birthDate").ValueKind);
    }

    [Fact]
    public async Task A_provider_with_a_plain_client_secret_signs_in_from_id_token_claims()
    {
        fixture.Provider.NextUser = new("plain-new-1", "Anna", "Sidorova", "Petrovna", "1979-11-30", Trusted: false);

        var result = await fixture.SignInAsync("plain", "login");

        Assert.True(result.GetProperty("accountCreated").GetBoolean());
        var me = await fixture.GetJsonAsync("/api/users/me", result.GetProperty("tokens").GetProperty("accessToken").GetString()!);
        Assert.Equal("Anna Petrovna Sidorova", me.GetProperty("displayName").GetString());
        var verified = me.GetProperty("verified");
        Assert.Equal("plain", verified.GetProperty("provider").GetString());
        Assert.Equal("1979-11-30", verified.GetProperty("birthDate").GetString());
        Assert.False(verified.GetProperty("documentsChecked").GetBoolean());
    }

    [Fact]
    public async Task Linking_adds_the_badge_to_an_existing_account_and_unlinking_removes_it()
    {
        var linda = await fixture.Host.SignUpAsync("linda");
        Assert.Equal(JsonValueKind.Null, (await fixture.GetJsonAsync("/api/users/me", linda.AccessToken)).GetProperty("verified").ValueKind);
        fixture.Provider.NextUser = new("esia-linda", "Linda", "Orlova", "Sergeevna", "1992-07-01", Trusted: true);

        var linked = await fixture.SignInAsync("esia", "link", linda.AccessToken);

        Assert.Equal("link", linked.GetProperty("mode").GetString());
        Assert.Equal(JsonValueKind.Null, linked.GetProperty("tokens").ValueKind);
        Assert.Equal(linda.UserId, linked.GetProperty("profile").GetProperty("id").GetString());
        var me = await fixture.GetJsonAsync("/api/users/me", linda.AccessToken);
        Assert.Equal("linda", me.GetProperty("displayName").GetString());
        Assert.Equal("Orlova Linda Sergeevna", me.GetProperty("verified").GetProperty("fullName").GetString());
        var links = await fixture.GetJsonAsync("/api/identity/links", linda.AccessToken);
        Assert.Equal("esia", Assert.Single(links.EnumerateArray()).GetProperty("provider").GetString());

        // The linked subject now signs in as linda.
        var login = await fixture.SignInAsync("esia", "login");
        Assert.False(login.GetProperty("accountCreated").GetBoolean());
        Assert.Equal(linda.UserId, login.GetProperty("tokens").GetProperty("userId").GetString());

        using var client = fixture.Host.Client(linda.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/identity/esia")).StatusCode);
        Assert.Equal(JsonValueKind.Null, (await fixture.GetJsonAsync("/api/users/me", linda.AccessToken)).GetProperty("verified").ValueKind);
        await ProblemAssert.IsProblemAsync(await client.DeleteAsync("/api/identity/esia"), HttpStatusCode.NotFound, "provider");
    }

    [Fact]
    public async Task A_subject_linked_to_one_user_cannot_be_linked_to_another()
    {
        fixture.Provider.NextUser = new("esia-taken", "Petr", "Petrov", "Petrovich", "1970-01-02", Trusted: true);
        await fixture.SignInAsync("esia", "login");
        var mallory = await fixture.Host.SignUpAsync("mallory");

        var callback = await IdentityFixture.AuthorizeAsync(await fixture.StartAsync("esia", "link", mallory.AccessToken));
        using var response = await IdentityFixture.CallbackAsync(callback);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "provider");
        Assert.Equal(JsonValueKind.Null, (await fixture.GetJsonAsync("/api/users/me", mallory.AccessToken)).GetProperty("verified").ValueKind);
    }

    [Fact]
    public async Task A_tampered_state_is_rejected_and_a_state_works_only_once()
    {
        fixture.Provider.NextUser = new("plain-state", "Olga", "Smirnova", "Ivanovna", "1990-01-01", Trusted: false);
        var callback = await IdentityFixture.AuthorizeAsync(await fixture.StartAsync("plain", "login"));
        var query = QueryHelpers.ParseQuery(callback.Query);
        var tampered = QueryHelpers.AddQueryString(callback.GetLeftPart(UriPartial.Path), new Dictionary<string, string?>
        {
            ["code"] = query["code"],
            ["state"] = query["state"] + "x",
        });

        using (var forged = await IdentityFixture.CallbackAsync(new Uri(tampered)))
        {
            await ProblemAssert.IsProblemAsync(forged, HttpStatusCode.BadRequest, "state");
        }

        using (var genuine = await IdentityFixture.CallbackAsync(callback))
        {
            Assert.Equal(HttpStatusCode.Redirect, genuine.StatusCode);
        }

        using var replayed = await IdentityFixture.CallbackAsync(callback);
        await ProblemAssert.IsProblemAsync(replayed, HttpStatusCode.BadRequest, "state");
    }

    [Theory]
    [InlineData(IdTokenTamper.WrongAudience)]
    [InlineData(IdTokenTamper.WrongNonce)]
    public async Task An_id_token_for_another_client_or_another_sign_in_is_rejected(IdTokenTamper tamper)
    {
        fixture.Provider.NextUser = new($"plain-{tamper}", "Egor", "Kuznetsov", "Olegovich", "1980-02-02", Trusted: true);
        var callback = await IdentityFixture.AuthorizeAsync(await fixture.StartAsync("plain", "login"));
        fixture.Provider.Tamper = tamper;
        try
        {
            using var response = await IdentityFixture.CallbackAsync(callback);
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway, "id_token");
        }
        finally
        {
            fixture.Provider.Tamper = IdTokenTamper.None;
        }

        // Nothing was created for the subject: its first good sign-in makes the account.
        var result = await fixture.SignInAsync("plain", "login");
        Assert.True(result.GetProperty("accountCreated").GetBoolean());
    }

    [Fact]
    public async Task Requests_that_cannot_start_name_the_field_at_fault()
    {
        using var anonymous = fixture.Host.Client();
        await ProblemAssert.IsProblemAsync(
            await anonymous.PostAsJsonAsync("/api/identity/nowhere/start", new { mode = "login" }), HttpStatusCode.NotFound, "provider");
        await ProblemAssert.IsProblemAsync(
            await anonymous.PostAsJsonAsync("/api/identity/esia/start", new { mode = "link" }), HttpStatusCode.Unauthorized, "mode");
        await ProblemAssert.IsProblemAsync(
            await anonymous.PostAsJsonAsync("/api/identity/esia/start", new { mode = "merge" }), HttpStatusCode.BadRequest, "mode");
        await ProblemAssert.IsProblemAsync(
            await anonymous.GetAsync("/api/identity/esia/callback?code=abc&state=never-issued"), HttpStatusCode.BadRequest, "state");
        await ProblemAssert.IsProblemAsync(
            await anonymous.PostAsJsonAsync("/api/identity/complete", new { code = "never-issued" }), HttpStatusCode.BadRequest, "code");

        var providers = await anonymous.GetFromJsonAsync<JsonElement>("/api/identity/providers");
        Assert.Equal(["esia:Gosuslugi", "plain:Plain OpenID Connect"], providers.EnumerateArray()
            .Select(p => p.GetProperty("name").GetString() + ":" + p.GetProperty("displayName").GetString()));
    }
}
