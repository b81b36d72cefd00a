using System.Net;
using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Messenger.Signalling.Tests.Identity;

/// <summary>
/// A whole sign-in through the real host against the ESIA look-alike: GOST client secret, a GOST-signed ID token
/// naming only the oid, and the person resource read with the access token — ending in the verified badge.
/// </summary>
public sealed class EsiaDirectFlowTests(EsiaDirectFixture fixture) : IClassFixture<EsiaDirectFixture>
{
    private const string Provider = EsiaDirectFixture.ProviderName;

    [Fact]
    public async Task A_confirmed_esia_account_signs_in_with_the_person_data_on_a_documents_checked_badge()
    {
        fixture.Provider.NextPerson = new(1000000101, "Иван", "Иванов", "Иванович", "02.03.1985", Trusted: true);
        var secretsBefore = fixture.Provider.GostSecretsVerified;
        var personBefore = fixture.Provider.PersonRequestsServed;

        var result = await IdentityFixture.SignInAsync(fixture.Host, Provider, "login");

        Assert.True(result.GetProperty("accountCreated").GetBoolean());
        // Our GOST secret verified on the authorization and the token request; the person resource answered our token.
        Assert.True(fixture.Provider.GostSecretsVerified >= secretsBefore + 2);
        Assert.True(fixture.Provider.PersonRequestsServed >= personBefore + 1);
        var me = await IdentityFixture.GetJsonAsync(fixture.Host, "/api/users/me", result.GetProperty("tokens").GetProperty("accessToken").GetString()!);
        Assert.Equal("Иванов Иван Иванович", me.GetProperty("displayName").GetString());
        var verified = me.GetProperty("verified");
        Assert.Equal(Provider, verified.GetProperty("provider").GetString());
        Assert.Equal("Иванов Иван Иванович", verified.GetProperty("fullName").GetString());
        Assert.Equal("1985-03-02", verified.GetProperty("birthDate").GetString());
        Assert.True(verified.GetProperty("documentsChecked").GetBoolean());

        // The oid is the subject: the same person signs in to the same account.
        var again = await IdentityFixture.SignInAsync(fixture.Host, Provider, "login");
        Assert.False(again.GetProperty("accountCreated").GetBoolean());
        Assert.Equal(result.GetProperty("tokens").GetProperty("userId").GetString(), again.GetProperty("tokens").GetProperty("userId").GetString());
    }

    [Fact]
    public async Task An_unconfirmed_esia_account_gets_a_badge_without_documents_checked()
    {
        fixture.Provider.NextPerson = new(1000000102, "Мария", "Петрова", "Сергеевна", "30.11.1979", Trusted: false);

        var result = await IdentityFixture.SignInAsync(fixture.Host, Provider, "login");

        var me = await IdentityFixture.GetJsonAsync(fixture.Host, "/api/users/me", result.GetProperty("tokens").GetProperty("accessToken").GetString()!);
        var verified = me.GetProperty("verified");
        Assert.Equal("Петрова Мария Сергеевна", verified.GetProperty("fullName").GetString());
        Assert.Equal("1979-11-30", verified.GetProperty("birthDate").GetString());
        Assert.False(verified.GetProperty("documentsChecked").GetBoolean());
    }

    [Fact]
    public async Task A_failing_person_resource_is_a_person_failure_and_leaves_no_account()
    {
        fixture.Provider.NextPerson = new(1000000103, "Олег", "Смирнов", "Олегович", "01.01.1990", Trusted: true);
        var callback = await IdentityFixture.AuthorizeAsync(await IdentityFixture.StartAsync(fixture.Host, Provider, "login"));
        fixture.Provider.PersonFailureStatus = StatusCodes.Status503ServiceUnavailable;
        try
        {
            using var response = await IdentityFixture.CallbackAsync(callback);
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway, "person");
        }
        finally
        {
            fixture.Provider.PersonFailureStatus = null;
        }

        var result = await IdentityFixture.SignInAsync(fixture.Host, Provider, "login");
        Assert.True(result.GetProperty("accountCreated").GetBoolean());
    }

    [Fact]
    public async Task An_id_token_signed_with_a_key_other_than_the_configured_certificate_is_refused()
    {
        fixture.Provider.NextPerson = new(1000000104, "Егор", "Кузнецов", "Олегович", "02.02.1980", Trusted: true);
        var callback = await IdentityFixture.AuthorizeAsync(await IdentityFixture.StartAsync(fixture.Host, Provider, "login"));
        var personBefore = fixture.Provider.PersonRequestsServed;
        fixture.Provider.SigningKeyPath = fixture.StrangerKeys.KeyPath;
        try
        {
            using var response = await IdentityFixture.CallbackAsync(callback);
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway, "id_token");
        }
        finally
        {
            fixture.Provider.SigningKeyPath = fixture.ProviderKeys.KeyPath;
        }

        // Refused before the person resource was asked.
        Assert.Equal(personBefore, fixture.Provider.PersonRequestsServed);
    }
}
