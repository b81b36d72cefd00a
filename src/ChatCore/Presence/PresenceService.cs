using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using Messenger.ChatCore.Sync;
using Messenger.ChatCore.Storage;

namespace Messenger.ChatCore.Presence;

/// <summary>Who may see a user's online status and last-seen time.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<PresenceVisibility>))]
public enum PresenceVisibility
{
    Everyone = 1,

    /// <summary>Only users the owner has in their contacts.</summary>
    Contacts = 2,

    Nobody = 3,
}

/// <summary>What a viewer sees: Online and LastSeen are null when the owner's setting hides them.</summary>
public sealed record PresenceView(string UserId, bool? Online, DateTimeOffset? LastSeen);

public interface IPresenceStore
{
    Task<(DateTimeOffset? LastSeen, PresenceVisibility Visibility)> GetAsync(string userId, CancellationToken cancellationToken);

    Task SetLastSeenAsync(string userId, DateTimeOffset at, CancellationToken cancellationToken);

    Task SetVisibilityAsync(string userId, PresenceVisibility visibility, CancellationToken cancellationToken);
}

/// <summary>
/// Online is in memory (a count of the user's live connections in this process); last seen is persisted when the last
/// connection closes. Changes go to the users who share a direct conversation with the owner and may see them.
/// </summary>
public sealed class PresenceService(IPresenceStore store, IChatStore chat, IRelationStore relations, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, int> _connections = new(StringComparer.Ordinal);

    /// <summary>Counts a connection; true when the user just came online.</summary>
    public bool Connected(string userId) => _connections.AddOrUpdate(userId, 1, (_, n) => n + 1) == 1;

    /// <summary>Forgets a connection; true (and last seen stored) when it was the user's last.</summary>
    public async Task<bool> DisconnectedAsync(string userId, CancellationToken cancellationToken)
    {
        var left = _connections.AddOrUpdate(userId, 0, (_, n) => Math.Max(0, n - 1));
        if (left > 0)
        {
            return false;
        }

        _connections.TryRemove(new KeyValuePair<string, int>(userId, 0));
        await store.SetLastSeenAsync(userId, clock.GetUtcNowMs(), cancellationToken).ConfigureAwait(false);
        return true;
    }

    public bool IsOnline(string userId) => _connections.TryGetValue(userId, out var n) && n > 0;

    public async Task<PresenceView> GetAsync(string viewerId, string userId, CancellationToken cancellationToken)
    {
        var (lastSeen, visibility) = await store.GetAsync(userId, cancellationToken).ConfigureAwait(false);
        return await MaySeeAsync(viewerId, userId, visibility, cancellationToken).ConfigureAwait(false)
            ? new PresenceView(userId, IsOnline(userId), lastSeen)
            : new PresenceView(userId, null, null);
    }

    public Task SetVisibilityAsync(string userId, PresenceVisibility visibility, CancellationToken cancellationToken) =>
        store.SetVisibilityAsync(userId, visibility, cancellationToken);

    /// <summary>Who is told of the owner's change, each with what they may see.</summary>
    public async Task<IReadOnlyList<(string ViewerId, PresenceView View)>> AudienceAsync(string userId, CancellationToken cancellationToken)
    {
        var peers = await chat.ReadAsync(reader => reader.ListDirectPeersAsync(userId), cancellationToken).ConfigureAwait(false);
        var (lastSeen, visibility) = await store.GetAsync(userId, cancellationToken).ConfigureAwait(false);
        var view = new PresenceView(userId, IsOnline(userId), lastSeen);
        var audience = new List<(string, PresenceView)>();
        foreach (var peer in peers)
        {
            if (await MaySeeAsync(peer, userId, visibility, cancellationToken).ConfigureAwait(false))
            {
                audience.Add((peer, view));
            }
        }

        return audience;
    }

    private async Task<bool> MaySeeAsync(string viewerId, string userId, PresenceVisibility visibility, CancellationToken cancellationToken) =>
        string.Equals(viewerId, userId, StringComparison.Ordinal) || visibility switch
        {
            PresenceVisibility.Everyone => true,
            PresenceVisibility.Contacts => await relations.ExistsAsync(RelationKind.Contact, userId, viewerId, cancellationToken).ConfigureAwait(false),
            _ => false,
        };
}
