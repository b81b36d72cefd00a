namespace Messenger.MediaServer.Forwarding;

/// <summary>A spatial (simulcast encoding, 0 = smallest) and temporal (VP8 TID) layer pair; <see cref="None"/> = paused.</summary>
public readonly record struct VideoLayer(int Spatial, int Temporal)
{
    public const int MaxSpatialLayers = 3;
    public const int MaxTemporalLayers = 3;

    public static VideoLayer None => new(-1, -1);

    public bool IsNone => Spatial < 0;
}

/// <summary>
/// What a publisher currently sends on one simulcast encoding: resolution and measured bitrate per temporal layer,
/// cumulative (T1 includes T0). A bitrate of 0 means "not measured yet" and is treated as free.
/// </summary>
public readonly record struct SimulcastLayerInfo(
    bool Active, int Width, int Height, int TemporalLayers, long BitrateT0, long BitrateT1, long BitrateT2)
{
    public static SimulcastLayerInfo Inactive => default;

    /// <summary>Cumulative bitrate up to <paramref name="temporal"/>, clamped to the temporal layers present.</summary>
    public long GetBitrate(int temporal) =>
        Math.Min(temporal, Math.Max(TemporalLayers, 1) - 1) switch
        {
            <= 0 => BitrateT0,
            1 => BitrateT1,
            _ => BitrateT2,
        };
}

/// <summary>What the subscriber asked for: layer caps and the size it renders at (0 = no limit).</summary>
public readonly record struct LayerPreference(int MaxSpatial, int MaxTemporal, int MaxWidth, int MaxHeight)
{
    public static LayerPreference Highest => new(VideoLayer.MaxSpatialLayers - 1, VideoLayer.MaxTemporalLayers - 1, 0, 0);
}

/// <summary>What <see cref="SimulcastLayerSelector.OnPacket"/> decided for one packet.</summary>
public enum LayerPacketAction : byte
{
    Forward,

    /// <summary>Forward, and this keyframe starts a new spatial layer: prepare the mungers for a switch first.</summary>
    Switch,

    /// <summary>The packet belongs to a spatial layer not being forwarded.</summary>
    DropOtherSpatial,

    /// <summary>The packet's temporal layer is above the current one.</summary>
    DropTemporal,

    /// <summary>Nothing is forwarded yet: waiting for a keyframe of a usable layer.</summary>
    DropWaitingForKeyframe,

    /// <summary>The target is <see cref="VideoLayer.None"/> (paused, muted, or no bandwidth).</summary>
    DropPaused,
}

/// <summary>The decision plus whether the publisher should be asked for a keyframe (the caller throttles that).</summary>
public readonly record struct LayerDecision(LayerPacketAction Action, bool RequestKeyframe)
{
    public bool Forward => Action is LayerPacketAction.Forward or LayerPacketAction.Switch;
}
