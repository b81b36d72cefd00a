using Messenger.MediaServer.Forwarding;

namespace Messenger.MediaServer.Routing;

/// <summary>
/// Turns a subscriber's preference into a target layer. Simulcast layers are ordered lowest first; a size
/// preference picks the smallest layer at least that wide, using the widths seen in each layer's keyframes.
/// </summary>
public static class BandwidthPlanner
{
    public static VideoLayer PreferredTarget(Consumer consumer)
    {
        var preference = consumer.Preference;
        var top = Math.Min(preference.MaxSpatial, consumer.Source.LayerCount - 1);
        if (preference.MaxWidth > 0 && consumer.Source.IsSimulcast)
        {
            for (var layer = 0; layer < top; layer++)
            {
                var width = consumer.Source.GetLayerWidth(layer);
                if (width >= preference.MaxWidth || (width == 0 && layer == 0 && preference.MaxWidth <= 320))
                {
                    top = layer;
                    break;
                }
            }
        }

        return new VideoLayer(Math.Max(0, top), Math.Clamp(preference.MaxTemporal, 0, VideoLayer.MaxTemporalLayers - 1));
    }
}
