namespace Messenger.ChatCore.Directory;

/// <summary>
/// What an external identity provider (OpenID Connect, e.g. ESIA/Gosuslugi) vouched for at sign-in (issue #7).
/// <paramref name="DocumentsChecked"/> is the provider's own "identity documents were checked" flag (ESIA's
/// "trusted" account), not something we infer.
/// </summary>
public sealed record VerifiedAttributes(string? FullName, DateOnly? BirthDate, bool DocumentsChecked);

/// <summary>One provider account linked to one of our users. Provider tokens are never part of it (docs/identity.md).</summary>
public sealed record ExternalIdentity(
    string Provider,
    string Subject,
    string UserId,
    VerifiedAttributes Attributes,
    DateTimeOffset LinkedAt,
    DateTimeOffset VerifiedAt);

/// <summary>
/// The verified badge a profile carries: the strongest of the user's links (documents checked first, then the most
/// recently verified). The birth date is personal data, so other users' profiles carry it as null.
/// </summary>
public sealed record VerifiedIdentity(
    string Provider, string? FullName, DateOnly? BirthDate, bool DocumentsChecked, DateTimeOffset VerifiedAt)
{
    public VerifiedIdentity WithoutBirthDate() => this with { BirthDate = null };
}
