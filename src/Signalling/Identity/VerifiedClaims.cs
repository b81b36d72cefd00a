using System.Globalization;
using System.Text.Json;
using Messenger.ChatCore.Directory;

namespace Messenger.Signalling.Identity;

/// <summary>
/// Reads what a provider vouched for from its claims (ID token and userinfo merged), under the claim names the
/// provider's settings give: OIDC Core §5.1 names by default, ESIA's by configuration.
/// </summary>
public static class VerifiedClaims
{
    // OIDC's birthdate is ISO 8601 (§5.1); ESIA writes dates as dd.MM.yyyy.
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd.MM.yyyy"];

    public static VerifiedAttributes Map(IdentityProviderOptions options, IReadOnlyDictionary<string, JsonElement> claims) =>
        new(FullName(options, claims), BirthDate(claims, options.BirthDateClaim), IsTrue(claims, options.DocumentsCheckedClaim));

    private static string? FullName(IdentityProviderOptions options, IReadOnlyDictionary<string, JsonElement> claims)
    {
        if (Text(claims, options.FullNameClaim) is { } full)
        {
            return full;
        }

        var given = Text(claims, options.GivenNameClaim);
        var middle = Text(claims, options.MiddleNameClaim);
        var family = Text(claims, options.FamilyNameClaim);
        string?[] parts = options.FamilyNameFirst ? [family, given, middle] : [given, middle, family];
        var joined = string.Join(' ', parts.Where(p => p is not null));
        return joined.Length == 0 ? null : joined;
    }

    private static DateOnly? BirthDate(IReadOnlyDictionary<string, JsonElement> claims, string claim) =>
        DateOnly.TryParseExact(Text(claims, claim), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    /// <summary>A JSON true, or the strings "true"/"1"/"yes" (some providers send every claim as a string).</summary>
    private static bool IsTrue(IReadOnlyDictionary<string, JsonElement> claims, string claim)
    {
        if (claim.Length == 0 || !claims.TryGetValue(claim, out var value))
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.String => value.GetString()?.ToLowerInvariant() is "true" or "1" or "yes",
            JsonValueKind.Number => value.TryGetInt32(out var number) && number == 1,
            _ => false,
        };
    }

    private static string? Text(IReadOnlyDictionary<string, JsonElement> claims, string claim)
    {
        if (claim.Length == 0 || !claims.TryGetValue(claim, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = value.GetString()?.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }
}
