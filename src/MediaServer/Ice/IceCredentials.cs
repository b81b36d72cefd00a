using System.Security.Cryptography;
using System.Text;

namespace Messenger.MediaServer.Ice;

/// <summary>
/// An ICE username fragment and password (RFC 8445 §5.3, RFC 8839 §5.4). The ASCII bytes are kept next to
/// the strings because the packet path compares and hashes bytes.
/// </summary>
public sealed class IceCredentials
{
    /// <summary>RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/".</summary>
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    // RFC 8445 §5.3 asks for at least 24 random bits of ufrag and 128 of password; RFC 8839 §5.4 asks for at
    // least 4 and 22 characters. Each ice-char carries 6 bits: 8 chars = 48 bits, 24 chars = 144 bits.
    public const int GeneratedUfragLength = 8;
    public const int GeneratedPasswordLength = 24;
    public const int MinUfragLength = 4;
    public const int MinPasswordLength = 22;
    public const int MaxLength = 256;

    private IceCredentials(string ufrag, string password)
    {
        Ufrag = ufrag;
        Password = password;
        UfragBytes = Encoding.ASCII.GetBytes(ufrag);
        PasswordBytes = Encoding.ASCII.GetBytes(password);
    }

    public string Ufrag { get; }

    public string Password { get; }

    internal byte[] UfragBytes { get; }

    /// <summary>The short-term credential key is the password itself (RFC 8489 §9.1.1).</summary>
    internal byte[] PasswordBytes { get; }

    /// <summary>Fresh random local credentials from the system CSPRNG.</summary>
    public static IceCredentials Generate() =>
        new(
            new string(RandomNumberGenerator.GetItems<char>(IceChars, GeneratedUfragLength)),
            new string(RandomNumberGenerator.GetItems<char>(IceChars, GeneratedPasswordLength)));

    /// <summary>
    /// Credentials received from a peer's SDP. False when they break RFC 8839 §5.4 (length or characters);
    /// the signalling layer should reject that SDP.
    /// </summary>
    public static bool TryCreate(string ufrag, string password, out IceCredentials? credentials)
    {
        credentials = null;
        if (!IsValid(ufrag, MinUfragLength) || !IsValid(password, MinPasswordLength))
        {
            return false;
        }

        credentials = new IceCredentials(ufrag, password);
        return true;
    }

    public static bool IsIceChar(char c) => IceChars.Contains(c, StringComparison.Ordinal);

    private static bool IsValid(string value, int minLength)
    {
        if (value is null || value.Length < minLength || value.Length > MaxLength)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!IsIceChar(c))
            {
                return false;
            }
        }

        return true;
    }
}
