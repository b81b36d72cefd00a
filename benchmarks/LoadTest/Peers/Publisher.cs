using Messenger.MediaServer.Client;

namespace Messenger.LoadTest.Peers;

/// <summary>A connected publishing peer and the tracks it sends; <paramref name="startOffsetMicros"/> staggers keyframes.</summary>
public sealed record Publisher(ClientPeer Peer, IReadOnlyList<PublishedTrack> Tracks, long StartOffsetMicros);
