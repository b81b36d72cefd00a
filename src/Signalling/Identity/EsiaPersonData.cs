using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Messenger.ChatCore.Directory;

namespace Messenger.Signalling.Identity;

/// <summary>
/// ESIA's person resource: its ID token names only the person (<c>urn:esia:sbj_id</c>, the oid); the verified
/// attributes come from its REST API, <c>GET {PersonDataEndpoint}/{oid}</c> with the access token as a bearer token
/// (RFC 6750 §2.1), answering JSON with <c>firstName</c>, <c>lastName</c>, <c>middleName</c>, <c>birthDate</c>
/// (dd.MM.yyyy) and <c>trusted</c> — true for a confirmed account, i.e. one whose identity documents were checked.
/// </summary>
public static class EsiaPersonData
{
    /// <summary>ESIA's claim holding the person's oid.</summary>
    public const string OidClaim = "urn:esia:sbj_id";

    public static async Task<(VerifiedAttributes? Attributes, ProviderFailure? Failure)> FetchAsync(
        HttpClient client, Uri endpoint, ValidatedIdToken idToken, string? accessToken, CancellationToken cancellationToken)
    {
        if (accessToken is null)
        {
            return Failure("The provider sent no access token for the person-data request.");
        }

        var oid = Oid(idToken);
        var url = new Uri(endpoint.ToString().TrimEnd('/') + "/" + Uri.EscapeDataString(oid));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return Failure($"The person-data request failed: HTTP {(int)response.StatusCode}.");
        }

        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            return body.RootElement.ValueKind == JsonValueKind.Object
                ? (Map(body.RootElement), null)
                : Failure("The person data is not a JSON object.");
        }
        catch (JsonException)
        {
            return Failure("The person data is not JSON.");
        }
    }

    /// <summary>Full name in Russian order, "Last First Middle"; birth date; documents checked = trusted.</summary>
    public static VerifiedAttributes Map(JsonElement person)
    {
        var parts = new[] { Text(person, "lastName"), Text(person, "firstName"), Text(person, "middleName") };
        var fullName = string.Join(' ', parts.Where(p => p is not null));
        DateOnly? birthDate = DateOnly.TryParseExact(Text(person, "birthDate"), "dd.MM.yyyy", CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var date) ? date : null;
        var trusted = person.TryGetProperty("trusted", out var value) && value.ValueKind == JsonValueKind.True;
        return new VerifiedAttributes(fullName.Length == 0 ? null : fullName, birthDate, trusted);
    }

    /// <summary>The oid from <c>urn:esia:sbj_id</c> (a number in ESIA's tokens), else the subject.</summary>
    private static string Oid(ValidatedIdToken idToken) =>
        idToken.Claims.TryGetValue(OidClaim, out var value) && value.ValueKind is JsonValueKind.Number or JsonValueKind.String
            ? value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString()!
            : idToken.Subject;

    private static string? Text(JsonElement person, string name)
    {
        var text = person.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()?.Trim()
            : null;
        return string.IsNullOrEmpty(text) ? null : text;
    }

    private static (VerifiedAttributes?, ProviderFailure?) Failure(string message) =>
        (null, new ProviderFailure(StatusCodes.Status502BadGateway, "person", message));
}
