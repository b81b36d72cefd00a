using System.Collections.Concurrent;

namespace Messenger.Signalling.Identity;

/// <summary>
/// Values redeemable once, before they expire: a started sign-in (state, PKCE verifier, nonce) and the result code
/// handed to the web client. They live in memory rather than in SQLite because each is single-use and lives minutes:
/// losing them on a restart only means the user presses the button again, and a value that is never written to disk
/// cannot leak from a backup. (A multi-node deployment would put this in a shared cache.)
/// </summary>
public sealed class OneTimeStore<T>(TimeProvider clock)
    where T : class
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public void Add(string key, T value, TimeSpan lifetime)
    {
        Sweep();
        _entries[key] = new Entry(value, clock.GetUtcNow() + lifetime);
    }

    /// <summary>Removes and returns the value; null when unknown, already taken, or expired.</summary>
    public T? Take(string? key)
    {
        if (string.IsNullOrEmpty(key) || !_entries.TryRemove(key, out var entry))
        {
            return null;
        }

        return entry.ExpiresAt > clock.GetUtcNow() ? entry.Value : null;
    }

    /// <summary>Drops expired entries so abandoned sign-ins do not pile up.</summary>
    private void Sweep()
    {
        var now = clock.GetUtcNow();
        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresAt <= now)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(T Value, DateTimeOffset ExpiresAt);
}
