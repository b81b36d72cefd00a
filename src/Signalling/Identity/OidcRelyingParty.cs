using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Messenger.ChatCore.Directory;

namespace Messenger.Signalling.Identity;

/// <summary>
/// The provider's verified word about the user: its subject and its claims (ID token, then userinfo), and, for a
/// provider with a person-data endpoint (ESIA), the attributes read from there, which take the claims' place.
/// </summary>
public sealed record ProviderSignIn(
    string Subject, IReadOnlyDictionary<string, JsonElement> Claims, VerifiedAttributes? PersonData = null);

/// <summary>Why a provider round trip failed: the HTTP status we answer with and the field at fault.</summary>
public sealed record ProviderFailure(int Status, string Field, string Message);

/// <summary>
/// Our side of the OpenID Connect authorization code flow (OIDC Core §3.1) with PKCE (RFC 7636) for one provider.
/// The provider's access, refresh and ID tokens live only inside <see cref="CompleteAsync"/>: they are used for the
/// userinfo and person-data calls and then dropped, never stored or logged (docs/identity.md).
/// </summary>
public sealed class OidcRelyingParty(
    ProviderMetadata metadata, IClientAuthentication clientAuthentication, IdTokenValidator idTokens, IHttpClientFactory httpClients)
{
    public string Name => metadata.Name;

    public IdentityProviderOptions Options => metadata.Options;

    public async Task<Uri> BuildAuthorizationUrlAsync(string state, PendingSignIn pending, CancellationToken cancellationToken)
    {
        var endpoints = await metadata.GetEndpointsAsync(cancellationToken).ConfigureAwait(false);
        var parameters = new Dictionary<string, string>
        {
            ["response_type"] = "code",
            ["client_id"] = Options.ClientId,
            ["redirect_uri"] = pending.RedirectUri.ToString(),
            ["scope"] = Scope,
            ["state"] = state,
            ["nonce"] = pending.Nonce,
            ["code_challenge"] = pending.CodeChallenge,
            ["code_challenge_method"] = "S256",
        };
        clientAuthentication.ApplyToAuthorizationRequest(parameters);
        return new Uri(QueryHelpers.AddQueryString(endpoints.Authorization.ToString(), parameters!));
    }

    public string Scope => Options.Scope;

    /// <summary>Exchanges the code, validates the ID token and, when configured, reads userinfo and person data.</summary>
    public async Task<(ProviderSignIn? SignIn, ProviderFailure? Failure)> CompleteAsync(
        string code, PendingSignIn pending, CancellationToken cancellationToken)
    {
        var endpoints = await metadata.GetEndpointsAsync(cancellationToken).ConfigureAwait(false);
        using var client = httpClients.CreateClient(IdentityHosting.HttpClientName);

        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = pending.RedirectUri.ToString(),
            ["client_id"] = Options.ClientId,
            ["code_verifier"] = pending.CodeVerifier,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoints.Token);
        clientAuthentication.ApplyToTokenRequest(form, request);
        request.Content = new FormUrlEncodedContent(form);
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        using var body = await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode || body is null)
        {
            return (null, new ProviderFailure(StatusCodes.Status502BadGateway, "code",
                $"The provider refused the code exchange: {Describe(body, response)}"));
        }

        var idToken = Text(body.RootElement, "id_token");
        var accessToken = Text(body.RootElement, "access_token");
        if (idToken is null)
        {
            return (null, new ProviderFailure(StatusCodes.Status502BadGateway, "id_token", "The provider sent no ID token."));
        }

        var (validated, failure) = await idTokens.ValidateAsync(idToken, endpoints, pending.Nonce, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return (null, failure);
        }

        var (subject, claims) = validated!;
        if (Options.UseUserInfo && endpoints.UserInfo is not null && accessToken is not null)
        {
            var userInfo = await FetchUserInfoAsync(client, endpoints.UserInfo, accessToken, cancellationToken).ConfigureAwait(false);
            if (userInfo is null)
            {
                return (null, new ProviderFailure(StatusCodes.Status502BadGateway, "userinfo", "The userinfo request failed."));
            }

            // OIDC Core §5.3.2: userinfo about someone other than the ID token's subject must not be used.
            if (!userInfo.TryGetValue("sub", out var userInfoSubject)
                || IdTokenValidator.SubjectText(userInfoSubject) != subject)
            {
                return (null, new ProviderFailure(StatusCodes.Status502BadGateway, "userinfo",
                    "The userinfo subject differs from the ID token's."));
            }

            foreach (var (name, value) in userInfo)
            {
                claims[name] = value;
            }
        }

        VerifiedAttributes? person = null;
        if (endpoints.PersonData is not null)
        {
            (person, failure) = await EsiaPersonData.FetchAsync(client, endpoints.PersonData, validated, accessToken, cancellationToken)
                .ConfigureAwait(false);
            if (failure is not null)
            {
                return (null, failure);
            }
        }

        return (new ProviderSignIn(subject, claims, person), null);
    }

    private static async Task<Dictionary<string, JsonElement>?> FetchUserInfoAsync(
        HttpClient client, Uri endpoint, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        using var body = await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode && body?.RootElement.ValueKind == JsonValueKind.Object
            ? body.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal)
            : null;
    }

    private static async Task<JsonDocument?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The provider's RFC 6749 §5.2 error and description, which carry no secrets.</summary>
    private static string Describe(JsonDocument? body, HttpResponseMessage response)
    {
        if (body?.RootElement.ValueKind == JsonValueKind.Object && Text(body.RootElement, "error") is { } error)
        {
            return Text(body.RootElement, "error_description") is { } description ? $"{error} ({description})" : error;
        }

        return $"HTTP {(int)response.StatusCode}";
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
