using Messenger.MediaServer.Bandwidth;
using Messenger.MediaServer.Forwarding;
using Messenger.MediaServer.Hosting;
using Messenger.MediaServer.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Messenger.MediaServer.RoomSignalling;

/// <summary>
/// The rooms' periodic decisions: four times a second, tell subscribers which layer they now get and who is
/// speaking; once a second, measure each layer's bitrate and fit every subscriber's tracks into what it said it can
/// receive (audio first, then video by priority; LastN in big rooms).
/// </summary>
public sealed class RoomTicker(RoomCoordinator rooms, MediaNode node, IOptions<MediaServerOptions> options) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);
    private const long AudioBitrate = 64_000;
    private const long DefaultEstimate = 2_500_000;
    private readonly Dictionary<(Producer, int), long> _lastBytes = [];
    private readonly Dictionary<(Producer, int), long> _bitrates = [];
    private readonly BandwidthAllocator _allocator = new();
    private int _ticks;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, node.Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var everySecond = ++_ticks % 4 == 0;
                if (everySecond)
                {
                    MeasureLayers();
                }

                foreach (var member in rooms.Members.ToList())
                {
                    if (everySecond)
                    {
                        Allocate(member);
                    }

                    await ReportLayersAsync(member);
                }

                await ReportSpeakersAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // Host stopping.
        }
    }

    private void MeasureLayers()
    {
        var live = node.Rooms.Rooms.SelectMany(r => r.Participants).SelectMany(p => p.Producers).Where(p => p.IsVideo).ToHashSet();
        foreach (var key in _lastBytes.Keys.Where(k => !live.Contains(k.Item1)).ToList())
        {
            _lastBytes.Remove(key);
            _bitrates.Remove(key);
        }

        foreach (var producer in live)
        {
            for (var layer = 0; layer < producer.LayerCount; layer++)
            {
                var bytes = producer.GetLayerBytes(layer);
                var previous = _lastBytes.GetValueOrDefault((producer, layer), bytes);
                _lastBytes[(producer, layer)] = bytes;
                _bitrates[(producer, layer)] = (bytes - previous) * 8 * 1000 / (long)(Tick.TotalMilliseconds * 4);
            }
        }
    }

    private void Allocate(RoomMember member)
    {
        var consumers = member.Participant.Consumers.ToArray();
        if (consumers.Length == 0)
        {
            return;
        }

        var tracks = new AllocationTrack[consumers.Length];
        var results = new TrackAllocation[consumers.Length];
        for (var i = 0; i < consumers.Length; i++)
        {
            var consumer = consumers[i];
            var preferred = BandwidthPlanner.PreferredTarget(consumer);
            var layers = new SimulcastLayerSet();
            for (var layer = 0; layer < consumer.Source.LayerCount; layer++)
            {
                var bitrate = _bitrates.GetValueOrDefault((consumer.Source, layer));
                layers[layer] = new SimulcastLayerInfo(
                    consumer.Source.GetLayerSsrc(layer) != 0, consumer.Source.GetLayerWidth(layer), 0, 3,
                    bitrate / 2, bitrate * 3 / 4, bitrate);
            }

            int rank;
            lock (member.Room.Speakers)
            {
                rank = member.Room.Speakers.GetRank(consumer.Source.NumericId);
            }

            var preference = new LayerPreference(preferred.Spatial, preferred.Temporal, 0, 0);
            tracks[i] = new AllocationTrack(i, !consumer.Source.IsVideo, AudioBitrate, layers, preference,
                consumer.Source.Source == "screen" ? 1 : 0, consumer.Paused || consumer.Source.Muted, SpeakerRankOf(member, consumer, rank));
        }

        var session = member.Participant.Session;
        var estimate = session.HasTransportFeedback ? session.SendEstimateBps
            : member.Participant.ReceiveEstimateBps is > 0 and var reported ? reported
            : DefaultEstimate;
        _allocator.LastN = options.Value.LastN > 0 ? options.Value.LastN : int.MaxValue;
        _allocator.Allocate(estimate, tracks, results);
        for (var i = 0; i < consumers.Length; i++)
        {
            if (consumers[i].Source.IsVideo)
            {
                consumers[i].SetTargetLayer(results[i].Target);
            }
        }
    }

    // Last-N ranks video by its publisher's voice: find the rank of the publisher's audio track.
    private static int SpeakerRankOf(RoomMember member, Consumer consumer, int ownRank)
    {
        if (!consumer.Source.IsVideo)
        {
            return ownRank;
        }

        var audio = consumer.Source.Publisher.Producers.FirstOrDefault(p => !p.IsVideo);
        if (audio is null)
        {
            return int.MaxValue;
        }

        lock (member.Room.Speakers)
        {
            return member.Room.Speakers.GetRank(audio.NumericId);
        }
    }

    private async Task ReportLayersAsync(RoomMember member)
    {
        foreach (var gone in member.ReportedLayers.Keys.Where(c => !member.Participant.Consumers.Contains(c)).ToList())
        {
            member.ReportedLayers.Remove(gone);
        }

        foreach (var consumer in member.Participant.Consumers)
        {
            if (!consumer.Source.IsVideo)
            {
                continue;
            }

            var current = consumer.CurrentLayer;
            if (current.IsNone || (member.ReportedLayers.TryGetValue(consumer, out var reported) && reported == current))
            {
                continue;
            }

            member.ReportedLayers[consumer] = current;
            await rooms.SendAsync(member, RoomEvents.LayerChanged, new LayerChangedEvent(consumer.Source.Id, current.Spatial, current.Temporal));
        }
    }

    private async Task ReportSpeakersAsync()
    {
        foreach (var room in node.Rooms.Rooms)
        {
            bool changed;
            IReadOnlyList<int> ranking;
            lock (room.Speakers)
            {
                changed = room.Speakers.Update();
                ranking = [.. room.Speakers.Ranking];
            }

            if (!changed)
            {
                continue;
            }

            var audio = room.Participants.SelectMany(p => p.Producers).Where(p => !p.IsVideo).ToDictionary(p => p.NumericId);
            var speakers = ranking.Where(audio.ContainsKey)
                .Select(id => new SpeakerLevel(audio[id].Publisher.Id, 1.0 / (1 + Array.IndexOf([.. ranking], id))))
                .ToList();
            foreach (var member in rooms.MembersOf(room))
            {
                await rooms.SendAsync(member, RoomEvents.ActiveSpeakers, new ActiveSpeakersEvent(speakers));
            }
        }
    }
}
