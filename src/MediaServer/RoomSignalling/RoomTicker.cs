using Messenger.MediaServer.Bandwidth;
using Messenger.MediaServer.Forwarding;
using Messenger.MediaServer.Hosting;
using Messenger.MediaServer.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Messenger.MediaServer.RoomSignalling;

/// <summary>
/// The rooms' periodic decisions: four times a second, tell subscribers which layer they now get and who is
/// speaking; once a second, measure each layer's bitrate and fit every subscriber's tracks into what it said it can
/// receive (audio first, then video by priority; LastN in big rooms).
/// </summary>
public sealed class RoomTicker(
    RoomCoordinator rooms, MediaNode node, IOptions<MediaServerOptions> options, ILogger<RoomTicker> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);
    private const long AudioBitrate = 64_000;
    private const long DefaultEstimate = 2_500_000;
    private const int ProbeAfterCleanSeconds = 3;
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

                if (everySecond)
                {
                    // Every subscriber, whether it came through the room hub or WHEP, gets its layers fitted.
                    foreach (var room in node.Rooms.Rooms)
                    {
                        foreach (var participant in room.Participants)
                        {
                            Allocate(room, participant);
                        }
                    }
                }

                foreach (var member in rooms.Members.ToList())
                {
                    await ReportLayersAsync(member);
                    if (everySecond)
                    {
                        await ReportWantedLayersAsync(member);
                    }
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
                for (var temporal = 0; temporal < 3; temporal++)
                {
                    var key = (producer, (layer * 3) + temporal);
                    var bytes = producer.GetTemporalBytes(layer, temporal);
                    var previous = _lastBytes.GetValueOrDefault(key, bytes);
                    _lastBytes[key] = bytes;
                    _bitrates[key] = (bytes - previous) * 8 * 1000 / (long)(Tick.TotalMilliseconds * 4);
                }
            }
        }
    }

    private void Allocate(Room room, Participant participant)
    {
        var consumers = participant.Consumers.ToArray();
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
                // Cumulative rates per temporal layer, as measured from the VP8 TIDs the publisher really sends.
                var t0 = _bitrates.GetValueOrDefault((consumer.Source, layer * 3));
                var t1 = t0 + _bitrates.GetValueOrDefault((consumer.Source, (layer * 3) + 1));
                var t2 = t1 + _bitrates.GetValueOrDefault((consumer.Source, (layer * 3) + 2));
                // Temporal layers are offered to the allocator only on the lowest spatial layer: above it, a spatial
                // step down keeps the full frame rate and recovers from a keyframe, while a temporal step on a high
                // layer saved too little under a hard cap in our tests (issue #4 notes).
                // Every negotiated layer counts as available, even one not seen yet: a layer we switched off through
                // LayersWanted must stay choosable so it can be switched back on. A layer the browser never sends is
                // harmless, because the selector keeps forwarding the current layer until the target's keyframe
                // arrives (and, before anything is forwarded, asks every layer up to the target for one), and
                // LayersWanted always keeps the current layer on.
                var temporalLayers = layer == 0 ? consumer.Source.GetTemporalLayerCount(layer) : 1;
                layers[layer] = temporalLayers == 1
                    ? new SimulcastLayerInfo(true, consumer.Source.GetLayerWidth(layer), 0, 1, t2, t2, t2)
                    : new SimulcastLayerInfo(true, consumer.Source.GetLayerWidth(layer), 0, temporalLayers, t0, t1, t2);
            }

            int rank;
            lock (room.Speakers)
            {
                rank = room.Speakers.GetRank(consumer.Source.NumericId);
            }

            var preference = new LayerPreference(preferred.Spatial, preferred.Temporal, 0, 0);
            tracks[i] = new AllocationTrack(i, !consumer.Source.IsVideo, AudioBitrate, layers, preference,
                consumer.Source.Source == "screen" ? 1 : 0, consumer.Paused || consumer.Source.Muted, SpeakerRankOf(room, consumer, rank));
        }

        var session = participant.Session;
        var estimate = session.Congestion.HasFeedback ? session.Congestion.EstimateBps
            : participant.ReceiveEstimateBps is > 0 and var reported ? reported
            : DefaultEstimate;

        // A delay-and-loss estimator can only confirm what is actually sent: it never rises much above the current
        // rate, and the current rate is the layer we chose. So after a few clean seconds we try the budget one step
        // higher, with real media as the probe; if the path can't carry it, delay or loss pull the estimate back.
        participant.CleanSeconds = session.Congestion.HasFeedback && session.Congestion.PathClean ? participant.CleanSeconds + 1 : 0;
        if (participant.CleanSeconds >= ProbeAfterCleanSeconds)
        {
            estimate = estimate * 8 / 5;
            participant.CleanSeconds = 0;
        }
        _allocator.LastN = options.Value.LastN > 0 ? options.Value.LastN : int.MaxValue;
        _allocator.Allocate(estimate, tracks, results);
        for (var i = 0; i < consumers.Length; i++)
        {
            var consumer = consumers[i];
            if (!consumer.Source.IsVideo)
            {
                continue;
            }

            // Bandwidth may push a track down to its lowest layer but never off: a frozen tile looks broken, and the
            // lowest layer costs little. Only the subscriber's pause, a mute or Last-N switch video off.
            var target = results[i].Target;
            if (target.Spatial > 0)
            {
                // Above the lowest layer the allocator saw each spatial layer whole (see above): send all of it.
                target = new VideoLayer(target.Spatial, BandwidthPlanner.PreferredTarget(consumer).Temporal);
            }

            var wanted = !tracks[i].Paused && (_allocator.LastN == int.MaxValue || tracks[i].SpeakerRank < _allocator.LastN);
            consumer.SetTargetLayer(target.IsNone && wanted ? new VideoLayer(0, 0) : target);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug(
                    "Allocation for {Participant}: estimate {Estimate} bps (twcc {Twcc}); track {Track} target {Target} current {Current}",
                    participant.Id, estimate, session.Congestion.HasFeedback, consumer.Source.Id, consumer.TargetLayer, consumer.CurrentLayer);
            }
        }
    }

    // Last-N ranks video by its publisher's voice: find the rank of the publisher's audio track.
    private static int SpeakerRankOf(Room room, Consumer consumer, int ownRank)
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

        lock (room.Speakers)
        {
            return room.Speakers.GetRank(audio.NumericId);
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

    // Layers no subscriber is targeting cost the publisher upload for nothing; tell it which ones are wanted so the
    // browser can switch the rest off (RTCRtpSender.setParameters, encodings[i].active). The lowest layer stays on
    // so a new subscriber can always start at once.
    private async Task ReportWantedLayersAsync(RoomMember member)
    {
        // Only tracks someone consumes: with no subscribers yet, all layers stay on so the first one starts at once.
        foreach (var producer in member.Participant.Producers.Where(p => p.IsSimulcast && p.Consumers.Count > 0))
        {
            var mask = 1;
            foreach (var consumer in producer.Consumers)
            {
                if (consumer.Paused)
                {
                    continue;
                }

                // Keep both the layer being forwarded and the one we are switching to: turning off the current one
                // before the target's keyframe arrives would freeze the picture.
                foreach (var layer in new[] { consumer.TargetLayer, consumer.CurrentLayer })
                {
                    if (!layer.IsNone)
                    {
                        mask |= 1 << Math.Min(layer.Spatial, producer.LayerCount - 1);
                    }
                }
            }

            if (member.ReportedWantedLayers.TryGetValue(producer, out var previous) && previous == mask)
            {
                continue;
            }

            member.ReportedWantedLayers[producer] = mask;
            var active = Enumerable.Range(0, producer.LayerCount).Select(l => (mask & (1 << l)) != 0).ToList();
            await rooms.SendAsync(member, RoomEvents.LayersWanted, new LayersWantedEvent(producer.Id, active));
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
