using System.Collections.Concurrent;

namespace Messenger.Signalling.Hubs;

/// <summary>
/// The hub connections of each user, so that when a user joins or leaves a conversation every one of their live
/// connections joins or leaves its "conv:{id}" group at once.
/// </summary>
public sealed class ChatConnections
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byUser = new(StringComparer.Ordinal);

    public void Add(string userId, string connectionId) => _byUser.GetOrAdd(userId, _ => new())[connectionId] = 0;

    public void Remove(string userId, string connectionId)
    {
        if (_byUser.TryGetValue(userId, out var connections))
        {
            connections.TryRemove(connectionId, out _);
        }
    }

    public IReadOnlyList<string> For(string userId) =>
        _byUser.TryGetValue(userId, out var connections) ? connections.Keys.ToList() : [];
}
