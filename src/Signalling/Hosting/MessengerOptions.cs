namespace Messenger.Signalling.Hosting;

/// <summary>
/// Settings under the "Messenger" section of appsettings.json; each can be overridden by an environment variable
/// such as <c>Messenger__DataPath</c>. The README's configuration table lists them.
/// </summary>
public sealed class MessengerOptions
{
    public const string Section = "Messenger";

    /// <summary>Folder for the SQLite file, the signing key and (later) blobs.</summary>
    public string DataPath { get; set; } = "./data";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Lifetime of a media room join token; it only needs to outlive the join itself.</summary>
    public TimeSpan JoinTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Largest request body accepted by the JSON API; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Register and login attempts allowed per client IP in one window.</summary>
    public int AuthPermitsPerIp { get; set; } = 30;

    /// <summary>Register and login attempts allowed per username in one window.</summary>
    public int AuthPermitsPerUsername { get; set; } = 10;

    public TimeSpan AuthRateWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Issuer written into and required of every token this host signs.</summary>
    public string TokenIssuer { get; set; } = "messenger";

    /// <summary>
    /// "Normal" runs SQLite with PRAGMA synchronous = NORMAL (WAL is not fsynced per commit: a power loss may drop the
    /// last commits, a process crash loses nothing); anything else keeps the safe default, FULL. See docs/performance.md.
    /// </summary>
    public string SqliteSynchronous { get; set; } = "Full";

    /// <summary>
    /// Kestrel's UnsafePreferInlineScheduling: socket sends and receives run on the socket's completion thread instead
    /// of hopping to a queue first. Fewer thread switches per pushed message, but any blocking work on that path stalls
    /// the other sockets of that thread. Off by default; measured in docs/performance.md.
    /// </summary>
    public bool InlineSocketScheduling { get; set; }

    public string DatabaseFile => Path.Combine(DataPath, "messenger.db");

    public string KeysFolder => Path.Combine(DataPath, "keys");
}
