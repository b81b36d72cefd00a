using Messenger.LoadTest.Peers;
using Messenger.MediaServer.Client;

namespace Messenger.LoadTest.Signalling;

/// <summary>
/// A server under test, run as its own process so that its CPU can be read from /proc apart from ours. Publish and
/// Subscribe do the signalling and hand the peer its remote description; the caller then connects the peer.
/// </summary>
public interface IMediaTarget : IAsyncDisposable
{
    string Name { get; }

    int ServerProcessId { get; }

    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Publishes <paramref name="tracks"/>; returns the feed id subscribers name.</summary>
    Task<string> PublishAsync(ClientPeer peer, IReadOnlyList<PublishedTrack> tracks, CancellationToken cancellationToken);

    /// <summary>Subscribes to a feed's tracks; returns payload type → clock rate of what will arrive.</summary>
    Task<IReadOnlyDictionary<byte, int>> SubscribeAsync(ClientPeer peer, string feed, bool video, CancellationToken cancellationToken);
}
