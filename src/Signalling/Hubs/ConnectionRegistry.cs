using System.Collections.Concurrent;
using Messenger.ChatCore.Sessions;
using Microsoft.AspNetCore.SignalR;

namespace Messenger.Signalling.Hubs;

/// <summary>
/// Which hub connections belong to which device. When a device session is revoked its connections are aborted,
/// so revocation takes effect on the hub at once, not when the access token expires (issue #2).
/// </summary>
public sealed class ConnectionRegistry : IDeviceSessionListener
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, HubCallerContext>> _byDevice = new();

    public void Add(string deviceId, HubCallerContext context) =>
        _byDevice.GetOrAdd(deviceId, _ => new())[context.ConnectionId] = context;

    public void Remove(string deviceId, string connectionId)
    {
        if (_byDevice.TryGetValue(deviceId, out var connections))
        {
            connections.TryRemove(connectionId, out _);
        }
    }

    public int CountFor(string deviceId) => _byDevice.TryGetValue(deviceId, out var c) ? c.Count : 0;

    public void OnSessionRevoked(string sessionId)
    {
        if (_byDevice.TryRemove(sessionId, out var connections))
        {
            foreach (var context in connections.Values)
            {
                context.Abort();
            }
        }
    }
}
