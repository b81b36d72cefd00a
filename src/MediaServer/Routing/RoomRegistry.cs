using System.Collections.Concurrent;
using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Routing;

/// <summary>The rooms on this media node. A room exists while it has participants.</summary>
public sealed class RoomRegistry(DropCounters drops, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Room> _rooms = new(StringComparer.Ordinal);

    public ICollection<Room> Rooms => _rooms.Values;

    public Room GetOrCreate(string name) =>
        _rooms.GetOrAdd(name, static (n, self) => new Room(n, self.Drops, self.Clock, self.OnEmpty), this);

    public bool TryGet(string name, out Room room) => _rooms.TryGetValue(name, out room!);

    public void CloseAll()
    {
        foreach (var room in _rooms.Values)
        {
            room.Close();
        }
    }

    private DropCounters Drops => drops;

    private TimeProvider Clock => clock;

    // An empty room is forgotten so it frees everything it held; a later join makes a new one.
    private void OnEmpty(Room room)
    {
        if (room.Participants.Count == 0)
        {
            _rooms.TryRemove(new KeyValuePair<string, Room>(room.Name, room));
        }
    }
}
