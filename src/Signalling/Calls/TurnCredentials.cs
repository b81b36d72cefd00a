using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Messenger.Signalling.Calls;

/// <summary>One entry of RTCConfiguration.iceServers, in the browser's own shape.</summary>
public sealed record IceServer(IReadOnlyList<string> Urls, string? Username, string? Credential);

public sealed record TurnCredentialsResponse(IReadOnlyList<IceServer> IceServers, int Ttl, DateTimeOffset ExpiresAt);

/// <summary>
/// Time-limited TURN credentials in coturn's <c>use-auth-secret</c> scheme (the "TURN REST API",
/// draft-uberti-behave-turn-rest-00 §2.2): username = "&lt;expiry unix seconds&gt;:&lt;user id&gt;", password =
/// base64(HMAC-SHA1(secret, username)). coturn recomputes the password from the username with the same secret and
/// refuses it once the expiry has passed, so nothing is stored and nothing needs revoking.
/// </summary>
public sealed class TurnCredentials(IOptions<TurnOptions> options, TimeProvider clock)
{
    public TurnCredentialsResponse For(string userId)
    {
        var turn = options.Value;
        var expiresAt = clock.GetUtcNow() + turn.Ttl;
        if (turn.Urls.Count == 0)
        {
            return new TurnCredentialsResponse([], (int)turn.Ttl.TotalSeconds, expiresAt);
        }

        if (string.IsNullOrEmpty(turn.Secret))
        {
            return new TurnCredentialsResponse([new IceServer(turn.Urls, null, null)], (int)turn.Ttl.TotalSeconds, expiresAt);
        }

        var username = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ":" + userId;
        return new TurnCredentialsResponse(
            [new IceServer(turn.Urls, username, Password(turn.Secret, username))], (int)turn.Ttl.TotalSeconds, expiresAt);
    }

    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "HMAC-SHA1 is what coturn's use-auth-secret scheme defines; the TURN server computes the same.")]
    public static string Password(string secret, string username) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
}
