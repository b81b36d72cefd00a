using System.Globalization;
using Messenger.MediaServer.Forwarding;

namespace Messenger.MediaServer.Tests.Forwarding;

public sealed class SimulcastLayerSelectorTests
{
    // Chrome's usual 3-layer VP8 simulcast (L1T3 per encoding), cumulative bitrates per temporal layer.
    private static readonly SimulcastLayerInfo[] Layers =
    [
        new(true, 320, 180, 3, 100_000, 150_000, 200_000),
        new(true, 640, 360, 3, 300_000, 450_000, 600_000),
        new(true, 1280, 720, 3, 1_000_000, 1_500_000, 2_000_000),
    ];

    [Theory]
    [InlineData(5_000_000, 2, 2)]
    [InlineData(2_000_000, 2, 2)]
    [InlineData(1_600_000, 2, 1)] // between s1 and s2: keep s2, drop a temporal layer
    [InlineData(1_200_000, 2, 0)]
    [InlineData(900_000, 1, 2)]
    [InlineData(400_000, 1, 0)]
    [InlineData(250_000, 0, 2)]
    [InlineData(120_000, 0, 0)]
    [InlineData(50_000, -1, -1)] // nothing fits
    [InlineData(0, -1, -1)]
    public void Target_follows_bandwidth(long allocated, int spatial, int temporal) =>
        Assert.Equal(new VideoLayer(spatial, temporal), SimulcastLayerSelector.ChooseTarget(Layers, LayerPreference.Highest, allocated));

    [Theory]
    [InlineData(2, 2, 320, 180, 0, 2)] // thumbnail: smallest layer covering the render size
    [InlineData(2, 2, 400, 225, 1, 2)] // just above s0: the next layer covers it
    [InlineData(2, 2, 640, 0, 1, 2)] // width only
    [InlineData(2, 2, 1920, 1080, 2, 2)] // larger than every layer: the largest
    [InlineData(1, 2, 0, 0, 1, 2)] // explicit spatial cap
    [InlineData(2, 0, 0, 0, 2, 0)] // explicit temporal cap
    [InlineData(0, 1, 1280, 720, 0, 1)] // the tighter of the two caps wins
    public void Target_follows_preference(int maxSpatial, int maxTemporal, int width, int height, int spatial, int temporal)
    {
        var preference = new LayerPreference(maxSpatial, maxTemporal, width, height);
        Assert.Equal(new VideoLayer(spatial, temporal), SimulcastLayerSelector.ChooseTarget(Layers, preference, 10_000_000));
    }

    [Theory]
    [InlineData(0b011, 5_000_000, 1, 2)] // s2 not sent (paused by the publisher or no bandwidth upstream)
    [InlineData(0b101, 900_000, 0, 2)] // s1 missing: s2 too expensive, fall to s0
    [InlineData(0b100, 50_000, -1, -1)]
    public void Inactive_layers_are_skipped(int activeMask, long allocated, int spatial, int temporal)
    {
        var layers = new SimulcastLayerInfo[3];
        for (var i = 0; i < 3; i++)
        {
            layers[i] = (activeMask & (1 << i)) != 0 ? Layers[i] : SimulcastLayerInfo.Inactive;
        }

        Assert.Equal(new VideoLayer(spatial, temporal), SimulcastLayerSelector.ChooseTarget(layers, LayerPreference.Highest, allocated));
    }

    [Theory]
    [InlineData(50_000, 0, 0)]
    [InlineData(0, 0, 0)]
    public void At_least_lowest_never_pauses(long allocated, int spatial, int temporal) =>
        Assert.Equal(
            new VideoLayer(spatial, temporal),
            SimulcastLayerSelector.ChooseTarget(Layers, LayerPreference.Highest, allocated, atLeastLowest: true));

    [Fact]
    public void Unmeasured_layers_count_as_free()
    {
        SimulcastLayerInfo[] fresh = [new(true, 320, 180, 1, 0, 0, 0), new(true, 640, 360, 1, 0, 0, 0)];
        Assert.Equal(new VideoLayer(1, 0), SimulcastLayerSelector.ChooseTarget(fresh, LayerPreference.Highest, 1));
    }

    /// <summary>
    /// Tokens: <c>Ts.t[!]</c> set target (! = expects a keyframe request); <c>s.t[k][y]=A[!]</c> a packet of spatial
    /// s, temporal t, k = keyframe, y = layer sync, expecting action A (F forward, S switch, O other spatial,
    /// D temporal drop, W waiting for keyframe, P paused) and ! = a keyframe request.
    /// </summary>
    [Theory]
    [InlineData("start on the first usable keyframe", "T1.2! 1.0=W! 0.0k=S! 0.1=F! 1.0k=S 1.1=F 0.0k=O 2.0k=O")]
    [InlineData("upgrade in steps", "T0.2! 0.0k=S T2.2! 2.0=O! 1.0k=S! 1.1=F! 2.0k=S 2.2=F 1.0k=O")]
    [InlineData("downgrade in steps", "T2.2! 2.0k=S T0.2! 2.1=F! 1.0k=S! 0.0k=S 1.0k=O 0.2=F")]
    [InlineData("never above the target", "T1.2! 2.0k=W! 1.0k=S")]
    [InlineData("never below the target when downgrading", "T2.2! 2.0k=S T1.2! 0.0k=O! 1.0k=S")]
    [InlineData("temporal layers", "T0.1! 0.0k=S 0.1=F 0.2y=D 0.2=D T0.0 0.1=D 0.1y=D 0.0=F T0.2 0.2=D 0.2y=F 0.1=F")]
    [InlineData("pause and resume", "T1.1! 1.0k=S T-1.-1 1.0k=P 1.0=P T1.1! 1.0=W! 1.0k=S")]
    [InlineData("keyframes on the current layer", "T0.2! 0.0k=S T1.2! 0.0k=F! 1.0=O! 1.0k=S")]
    [InlineData("switch resets temporal to target", "T1.0! 1.0k=S 1.1y=D T2.1! 2.0k=S 2.1=F")]
    public void Script(string name, string script)
    {
        var selector = new SimulcastLayerSelector();
        var step = 0;
        foreach (var token in script.Split(' '))
        {
            step++;
            var where = $"{name}, step {step} '{token}'";
            if (token[0] == 'T')
            {
                var layer = token.Substring(1).TrimEnd('!').Split('.');
                var request = selector.SetTarget(new VideoLayer(Parse(layer[0]), Parse(layer[1])));
                Assert.True(token.EndsWith('!') == request, $"{where}: keyframe request {request}");
                continue;
            }

            var sides = token.Split('=');
            var input = sides[0].Split('.');
            var flags = input[1].Substring(1);
            var decision = selector.OnPacket(
                Parse(input[0]), isKeyframe: flags.Contains('k'), Parse(input[1].Substring(0, 1)), layerSync: flags.Contains('y'));
            var expected = sides[1][0] switch
            {
                'F' => LayerPacketAction.Forward,
                'S' => LayerPacketAction.Switch,
                'O' => LayerPacketAction.DropOtherSpatial,
                'D' => LayerPacketAction.DropTemporal,
                'W' => LayerPacketAction.DropWaitingForKeyframe,
                _ => LayerPacketAction.DropPaused,
            };
            Assert.True(expected == decision.Action, $"{where}: {decision.Action}");
            Assert.True(sides[1].EndsWith('!') == decision.RequestKeyframe, $"{where}: keyframe request {decision.RequestKeyframe}");
            Assert.Equal(decision.Action is LayerPacketAction.Forward or LayerPacketAction.Switch, decision.Forward);
        }

        Assert.True(step > 1);
    }

    private static int Parse(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>
    /// Regression: a new subscriber asked only its target layer for a keyframe, so when the publisher was not sending
    /// that layer yet nothing ever started. Before anything is forwarded every layer up to the target is asked; once a
    /// layer is forwarded only the target is; a paused consumer asks none.
    /// </summary>
    [Theory]
    [InlineData(2, -1, 0, 2)] // nothing forwarded yet: layers 0..2
    [InlineData(1, -1, 0, 1)]
    [InlineData(2, 0, 2, 2)] // forwarding layer 0, climbing to 2: only 2
    [InlineData(0, 1, 0, 0)] // forwarding layer 1, stepping down to 0: only 0
    public void Keyframes_are_asked_of_every_layer_that_could_start_the_stream(int target, int forwarding, int lowest, int highest)
    {
        var selector = new SimulcastLayerSelector();
        if (forwarding >= 0)
        {
            selector.SetTarget(new VideoLayer(forwarding, 2));
            Assert.Equal(LayerPacketAction.Switch, selector.OnPacket(forwarding, isKeyframe: true, temporalId: 0).Action);
        }

        selector.SetTarget(new VideoLayer(target, 2));

        Assert.Equal((lowest, highest), selector.KeyframeLayers);
    }

    [Fact]
    public void A_paused_consumer_asks_for_no_keyframe()
    {
        var selector = new SimulcastLayerSelector();
        selector.SetTarget(VideoLayer.None);

        var (lowest, highest) = selector.KeyframeLayers;
        Assert.True(highest < lowest);
    }
}
