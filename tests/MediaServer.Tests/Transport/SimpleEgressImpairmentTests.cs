using Messenger.MediaServer.Tests.Ice;
using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Tests.Transport;

public sealed class SimpleEgressImpairmentTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void NoImpairment_SendsEverything()
    {
        var impairment = new SimpleEgressImpairment(new SimpleEgressImpairmentOptions(), _clock);

        Assert.Equal(EgressVerdict.Send, impairment.Evaluate(1200));
    }

    [Fact]
    public void DropProbability_DropsRoughlyThatShare()
    {
        var impairment = new SimpleEgressImpairment(new SimpleEgressImpairmentOptions { DropProbability = 0.25 }, _clock, new Random(7));
        int dropped = 0;
        for (int i = 0; i < 4000; i++)
        {
            if (impairment.Evaluate(100).Action == EgressAction.Drop)
            {
                dropped++;
            }
        }

        Assert.InRange(dropped, 800, 1200);
    }

    [Fact]
    public void ExtraDelay_IsReported()
    {
        var impairment = new SimpleEgressImpairment(new SimpleEgressImpairmentOptions { ExtraDelay = TimeSpan.FromMilliseconds(80) }, _clock);

        Assert.Equal(EgressVerdict.DelayBy(TimeSpan.FromMilliseconds(80)), impairment.Evaluate(100));
    }

    [Fact]
    public void RateCap_DropsPastTheBucketAndRefillsWithTime()
    {
        var impairment = new SimpleEgressImpairment(new SimpleEgressImpairmentOptions { RateLimitBytesPerSecond = 1000 }, _clock);

        Assert.Equal(EgressAction.Send, impairment.Evaluate(600).Action);
        Assert.Equal(EgressAction.Drop, impairment.Evaluate(600).Action);
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Equal(EgressAction.Send, impairment.Evaluate(600).Action);
    }
}
