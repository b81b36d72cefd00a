using System.Globalization;
using Messenger.ChatCore.Directory;

namespace Messenger.ChatCore.Storage.Sqlite;

/// <summary>
/// The SQL that joins a user's verified badge onto account queries (issue #7): of the user's linked identities, the
/// one whose provider checked documents, then the most recently verified. A correlated subquery per row is cheap here:
/// the index on (user_id, provider) finds a user's few links directly.
/// </summary>
internal static class SqliteVerifiedBadge
{
    public const string Columns =
        "v.provider AS VerifiedProvider, v.full_name AS VerifiedFullName, v.birth_date AS VerifiedBirthDate, "
        + "v.documents_checked AS VerifiedDocumentsChecked, v.verified_at AS VerifiedAtMs";

    public const string Join = """
        LEFT JOIN external_identities v ON v.rowid = (
            SELECT e.rowid FROM external_identities e WHERE e.user_id = users.id
            ORDER BY e.documents_checked DESC, e.verified_at DESC LIMIT 1)
        """;

    public static string JoinOn(string usersAlias) => Join.Replace("users.id", usersAlias + ".id", StringComparison.Ordinal);

    /// <summary>Birth dates are stored as ISO 8601 calendar dates (yyyy-MM-dd).</summary>
    public static string? FormatDate(DateOnly? date) =>
        date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    /// <summary>Dapper fills these from <see cref="Columns"/>; all null when the user has no link.</summary>
    internal abstract class Row
    {
        public string? VerifiedProvider { get; set; }
        public string? VerifiedFullName { get; set; }
        public string? VerifiedBirthDate { get; set; }
        public long? VerifiedDocumentsChecked { get; set; }
        public long? VerifiedAtMs { get; set; }

        public VerifiedIdentity? ToBadge() => VerifiedProvider is null
            ? null
            : new VerifiedIdentity(
                VerifiedProvider,
                VerifiedFullName,
                ParseDate(VerifiedBirthDate),
                VerifiedDocumentsChecked == 1,
                DateTimeOffset.FromUnixTimeMilliseconds(VerifiedAtMs ?? 0));
    }
}
