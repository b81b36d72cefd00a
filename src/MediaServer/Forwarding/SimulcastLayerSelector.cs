namespace Messenger.MediaServer.Forwarding;

/// <summary>
/// Chooses and follows the simulcast layer forwarded to one subscriber (LiveKit "videolayerselector/simulcast",
/// mediasoup "SimulcastConsumer"). Spatial switches happen only on a keyframe of the layer switched to, since
/// the other encodings' frames cannot be decoded from this one's references. While the target is not reached, a
/// keyframe of a layer between current and target is taken as a step: upgrade only up to the target, downgrade
/// only down to it. Temporal layers above the current one are dropped; a temporal upgrade waits for a frame with
/// the layer-sync bit (RFC 7741 §4.2: Y = frame depends only on TL0), a downgrade is immediate.
/// Not thread-safe: one consumer, one thread. <see cref="OnPacket"/> allocates nothing.
/// </summary>
public sealed class SimulcastLayerSelector
{
    private VideoLayer _target = VideoLayer.None;
    private int _currentSpatial = -1;
    private int _currentTemporal = -1;

    public VideoLayer Target => _target;

    /// <summary>The layer being forwarded now (<see cref="VideoLayer.None"/> until the first keyframe).</summary>
    public VideoLayer Current => _currentSpatial < 0 ? VideoLayer.None : new VideoLayer(_currentSpatial, _currentTemporal);

    /// <summary>
    /// The highest layer that fits: spatial capped by the preference and by the requested size (the smallest
    /// layer at least as large as the render size, else the largest), then candidates from high to low, spatial
    /// first: when bandwidth falls between two spatial layers the higher one is kept with fewer temporal layers.
    /// <see cref="VideoLayer.None"/> when <paramref name="allocatedBps"/> ≤ 0 or nothing fits and
    /// <paramref name="atLeastLowest"/> is false.
    /// </summary>
    public static VideoLayer ChooseTarget(
        ReadOnlySpan<SimulcastLayerInfo> layers, in LayerPreference preference, long allocatedBps, bool atLeastLowest = false)
    {
        if (allocatedBps <= 0 && !atLeastLowest)
        {
            return VideoLayer.None;
        }

        var maxSpatial = Math.Min(MaxSpatialForSize(layers, preference), preference.MaxSpatial);
        var lowest = VideoLayer.None;
        for (var s = maxSpatial; s >= 0; s--)
        {
            var layer = layers[s];
            if (!layer.Active)
            {
                continue;
            }

            var maxTemporal = Math.Min(preference.MaxTemporal, Math.Max(layer.TemporalLayers, 1) - 1);
            for (var t = maxTemporal; t >= 0; t--)
            {
                if (layer.GetBitrate(t) <= allocatedBps)
                {
                    return new VideoLayer(s, t);
                }
            }

            lowest = new VideoLayer(s, 0);
        }

        return atLeastLowest ? lowest : VideoLayer.None;
    }

    /// <summary>
    /// The spatial layers to ask the publisher for a keyframe when a keyframe is needed: the target alone once something
    /// is forwarded; before that, every layer up to the target, because the first keyframe at or below it starts the
    /// stream. Asking only for the target stalled a new subscriber whose target the publisher was not sending (yet):
    /// Chromium holds its top layer back until its bandwidth estimate grows, and the lower layers' first keyframes had
    /// gone by before the subscriber came (a WHIP→WHEP simulcast browser test decoded nothing for 18 s). Empty when paused.
    /// </summary>
    public (int Lowest, int Highest) KeyframeLayers =>
        _target.IsNone ? (0, -1) : (_currentSpatial < 0 ? 0 : _target.Spatial, _target.Spatial);

    /// <summary>Sets the target; true when it needs a keyframe (a spatial layer not yet forwarded).</summary>
    public bool SetTarget(VideoLayer target)
    {
        _target = target;
        if (target.IsNone)
        {
            _currentSpatial = -1;
            _currentTemporal = -1;
            return false;
        }

        if (_currentTemporal > target.Temporal)
        {
            _currentTemporal = target.Temporal; // dropping a temporal layer needs no sync point
        }

        return _currentSpatial != target.Spatial;
    }

    /// <summary>Decides for one packet of spatial layer <paramref name="spatial"/>.</summary>
    public LayerDecision OnPacket(int spatial, bool isKeyframe, int temporalId, bool layerSync = false)
    {
        if (_target.IsNone)
        {
            return new LayerDecision(LayerPacketAction.DropPaused, false);
        }

        var needKeyframe = _currentSpatial != _target.Spatial;
        if (spatial != _currentSpatial)
        {
            if (isKeyframe && IsStepTowardTarget(spatial))
            {
                _currentSpatial = spatial;
                _currentTemporal = _target.Temporal;
                return new LayerDecision(LayerPacketAction.Switch, spatial != _target.Spatial);
            }

            var action = _currentSpatial < 0 ? LayerPacketAction.DropWaitingForKeyframe : LayerPacketAction.DropOtherSpatial;
            return new LayerDecision(action, needKeyframe);
        }

        if (temporalId > _currentTemporal)
        {
            if (temporalId > _target.Temporal || !layerSync)
            {
                return new LayerDecision(LayerPacketAction.DropTemporal, needKeyframe);
            }

            _currentTemporal = temporalId;
        }

        return new LayerDecision(LayerPacketAction.Forward, needKeyframe);
    }

    private bool IsStepTowardTarget(int spatial)
    {
        var target = _target.Spatial;
        if (_currentSpatial < 0)
        {
            return spatial <= target;
        }

        return _currentSpatial < target
            ? spatial > _currentSpatial && spatial <= target
            : spatial < _currentSpatial && spatial >= target;
    }

    private static int MaxSpatialForSize(ReadOnlySpan<SimulcastLayerInfo> layers, in LayerPreference preference)
    {
        var highestActive = Math.Min(layers.Length, VideoLayer.MaxSpatialLayers) - 1;
        if (preference.MaxWidth <= 0 && preference.MaxHeight <= 0)
        {
            return highestActive;
        }

        for (var s = 0; s <= highestActive; s++)
        {
            var layer = layers[s];
            if (layer.Active && layer.Width >= preference.MaxWidth && layer.Height >= preference.MaxHeight)
            {
                return s;
            }
        }

        return highestActive;
    }
}
