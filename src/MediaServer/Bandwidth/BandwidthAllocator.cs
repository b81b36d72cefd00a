using System.Runtime.CompilerServices;
using Messenger.MediaServer.Forwarding;

namespace Messenger.MediaServer.Bandwidth;

/// <summary>The simulcast encodings of one video track, smallest first (at most three, RFC 8853 rids).</summary>
[InlineArray(VideoLayer.MaxSpatialLayers)]
public struct SimulcastLayerSet
{
    private SimulcastLayerInfo _element0;
}

/// <summary>
/// One track a subscriber receives, as the allocator sees it. <see cref="SpeakerRank"/> is the rank of the
/// track's publisher among active speakers (0 = loudest, <see cref="int.MaxValue"/> = unranked), for Last-N.
/// Higher <see cref="Priority"/> is served first (e.g. screen share or a pinned participant).
/// </summary>
public record struct AllocationTrack(
    int TrackId,
    bool IsAudio,
    long AudioBitrate,
    SimulcastLayerSet Layers,
    LayerPreference Preference,
    int Priority,
    bool Paused,
    int SpeakerRank);

/// <summary>The allocator's answer for one track: the layer to forward and the bitrate it was budgeted.</summary>
public readonly record struct TrackAllocation(int TrackId, VideoLayer Target, long Bitrate);

/// <summary>
/// Fits all tracks of one subscriber into its bandwidth estimate (kept apart from the forwarder, unlike LiveKit's
/// downtrack): audio first, always, since it is cheap and matters most; then every eligible video track gets its
/// lowest layer in priority order (a track that cannot get even that is paused); then, in priority order
/// (ties: larger requested size first), each video track is raised as far as the remaining budget allows through
/// <see cref="SimulcastLayerSelector.ChooseTarget"/>. Last-N: only the video of the N highest-ranked speakers
/// is forwarded, the rest is paused, which keeps large rooms within a subscriber's bandwidth and CPU.
/// </summary>
public sealed class BandwidthAllocator
{
    private const int StackLimit = 64;

    /// <summary>Forward video of at most this many speakers (by rank); <see cref="int.MaxValue"/> = everyone.</summary>
    public int LastN { get; set; } = int.MaxValue;

    /// <summary>
    /// Fills <paramref name="results"/> (same order as <paramref name="tracks"/>) and returns the total budgeted,
    /// which may exceed <paramref name="estimateBps"/> only through audio.
    /// </summary>
    public long Allocate(long estimateBps, ReadOnlySpan<AllocationTrack> tracks, Span<TrackAllocation> results)
    {
        if (results.Length < tracks.Length)
        {
            ThrowResultsTooShort();
        }

        var remaining = estimateBps;
        var order = tracks.Length <= StackLimit ? stackalloc int[tracks.Length] : new int[tracks.Length];
        var videoCount = 0;
        for (var i = 0; i < tracks.Length; i++)
        {
            var track = tracks[i];
            if (track.IsAudio)
            {
                var bitrate = track.Paused ? 0 : track.AudioBitrate;
                results[i] = new TrackAllocation(track.TrackId, VideoLayer.None, bitrate);
                remaining -= bitrate;
                continue;
            }

            results[i] = new TrackAllocation(track.TrackId, VideoLayer.None, 0);
            if (!track.Paused && (LastN == int.MaxValue || track.SpeakerRank < LastN))
            {
                order[videoCount++] = i;
            }
        }

        var video = order.Slice(0, videoCount);
        SortByPriority(video, tracks);

        // Pass 1: the lowest layer for as many tracks as fit, most important first.
        foreach (var i in video)
        {
            var layers = tracks[i].Layers;
            var lowest = SimulcastLayerSelector.ChooseTarget(layers, tracks[i].Preference, 0, atLeastLowest: true);
            if (lowest.IsNone)
            {
                continue;
            }

            var cost = layers[lowest.Spatial].GetBitrate(0);
            if (cost <= remaining)
            {
                results[i] = new TrackAllocation(tracks[i].TrackId, lowest, cost);
                remaining -= cost;
            }
        }

        // Pass 2: raise each in turn with what is left plus what it already holds.
        foreach (var i in video)
        {
            if (results[i].Target.IsNone)
            {
                continue;
            }

            var budget = remaining + results[i].Bitrate;
            var layers = tracks[i].Layers;
            var best = SimulcastLayerSelector.ChooseTarget(layers, tracks[i].Preference, budget);
            if (best.IsNone)
            {
                continue;
            }

            var cost = layers[best.Spatial].GetBitrate(best.Temporal);
            remaining = budget - cost;
            results[i] = new TrackAllocation(tracks[i].TrackId, best, cost);
        }

        return estimateBps - remaining;
    }

    /// <summary>Insertion sort (few tracks): priority descending, then requested area descending, then input order.</summary>
    private static void SortByPriority(Span<int> indices, ReadOnlySpan<AllocationTrack> tracks)
    {
        for (var i = 1; i < indices.Length; i++)
        {
            var current = indices[i];
            var j = i - 1;
            while (j >= 0 && ComesBefore(tracks[current], tracks[indices[j]]))
            {
                indices[j + 1] = indices[j];
                j--;
            }

            indices[j + 1] = current;
        }
    }

    private static bool ComesBefore(in AllocationTrack a, in AllocationTrack b)
    {
        if (a.Priority != b.Priority)
        {
            return a.Priority > b.Priority;
        }

        return Area(a.Preference) > Area(b.Preference);
    }

    private static long Area(in LayerPreference preference) =>
        preference.MaxWidth <= 0 && preference.MaxHeight <= 0 ? long.MaxValue : (long)preference.MaxWidth * preference.MaxHeight;

    private static void ThrowResultsTooShort() =>
        throw new ArgumentException("Results must have room for every track.", "results");
}
