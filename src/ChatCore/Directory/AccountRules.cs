using System.Text.RegularExpressions;

namespace Messenger.ChatCore.Directory;

/// <summary>
/// The rules an account's fields must satisfy. Usernames are case-insensitive, so they are normalised to lower case
/// before they are checked or stored (issue #2).
/// </summary>
public static partial class AccountRules
{
    public const int UsernameMinLength = 3;
    public const int UsernameMaxLength = 32;
    public const int PasswordMinLength = 8;
    public const int PasswordMaxLength = 256;
    public const int DisplayNameMaxLength = 64;
    public const int AboutMaxLength = 500;
    public const int DeviceNameMaxLength = 64;

    [GeneratedRegex("^[a-z0-9_.]+$", RegexOptions.CultureInvariant)]
    private static partial Regex UsernameCharacters();

    public static string NormalizeUsername(string? username) => (username ?? string.Empty).Trim().ToLowerInvariant();

    public static DirectoryError? CheckUsername(string normalized)
    {
        if (normalized.Length is < UsernameMinLength or > UsernameMaxLength)
        {
            return Invalid("username", $"Username must be {UsernameMinLength}-{UsernameMaxLength} characters long.");
        }

        return UsernameCharacters().IsMatch(normalized)
            ? null
            : Invalid("username", "Username may contain only a-z, 0-9, '_' and '.'.");
    }

    public static DirectoryError? CheckPassword(string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < PasswordMinLength)
        {
            return Invalid("password", $"Password must be at least {PasswordMinLength} characters long.");
        }

        return password.Length > PasswordMaxLength
            ? Invalid("password", $"Password must be at most {PasswordMaxLength} characters long.")
            : null;
    }

    public static DirectoryError? CheckDisplayName(string? displayName)
    {
        var trimmed = displayName?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            return Invalid("displayName", "Display name is required.");
        }

        return trimmed.Length > DisplayNameMaxLength
            ? Invalid("displayName", $"Display name must be at most {DisplayNameMaxLength} characters long.")
            : null;
    }

    public static DirectoryError? CheckAbout(string? about) =>
        about is { Length: > AboutMaxLength }
            ? Invalid("about", $"About must be at most {AboutMaxLength} characters long.")
            : null;

    public static DirectoryError? CheckDeviceName(string? deviceName) =>
        deviceName is { Length: > DeviceNameMaxLength }
            ? Invalid("deviceName", $"Device name must be at most {DeviceNameMaxLength} characters long.")
            : null;

    private static DirectoryError Invalid(string field, string message) =>
        new(DirectoryErrorKind.Validation, field, message);
}
