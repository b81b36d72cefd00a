using System.Security.Cryptography;
using System.Text;

namespace Messenger.ChatCore.Bots;

/// <summary>
/// Bot tokens have Telegram's shape, <c>{botId}:{secret}</c>: the id says which bot, so one row is looked up and its
/// stored hash compared in constant time. The secret is 32 random bytes (base64url); only SHA-256 of the whole token is
/// kept, as for refresh tokens, so the database never holds a working token.
/// </summary>
public static class BotTokens
{
    private const int SecretBytes = 32;

    public static string Create(string botId) =>
        botId + ":" + Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The bot id part of a well-formed token, else null.</summary>
    public static string? BotIdOf(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return null;
        }

        var colon = token.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < token.Length - 1 && token.IndexOf(':', colon + 1) < 0 ? token[..colon] : null;
    }

    /// <summary>Constant-time comparison of a presented token with a stored hash.</summary>
    public static bool Matches(string token, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(storedHash));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
