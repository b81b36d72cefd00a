using Messenger.MediaServer.Bandwidth;
using Messenger.MediaServer.Rtcp;
using Messenger.MediaServer.Tests.Ice;

namespace Messenger.MediaServer.Tests.Bandwidth;

/// <summary>
/// Synthetic paths: 1200-byte packets every 5 ms (1.92 Mbps), 20 ms base delay, feedback every 100 ms, written
/// with the real transport-cc writer and read back by the estimator.
/// </summary>
public sealed class SendSideEstimatorTests
{
    private const int PacketSize = 1200;
    private const long Initial = 1_000_000;

    [Fact]
    public void Clean_path_increases_but_stays_bounded_by_what_was_delivered()
    {
        var (estimator, _, _) = Simulate(seconds: 20, extraDelayMicroseconds: _ => 0, lost: _ => false);
        Assert.Equal(BandwidthUsage.Normal, estimator.DelayState);
        Assert.True(estimator.EstimateBps > 1_500_000, $"{estimator.EstimateBps}");
        Assert.True(estimator.EstimateBps <= (1.5 * 1_920_000) + 10_000 + 1, $"{estimator.EstimateBps}");
        Assert.InRange(estimator.AckedBps, 1_800_000, 2_000_000);
    }

    [Fact]
    public void Growing_queue_delay_decreases()
    {
        // Each packet waits 0.5 ms longer than the one before: the bottleneck is ~10 % below the send rate.
        var (estimator, _, states) = Simulate(seconds: 3, extraDelayMicroseconds: i => i * 500L, lost: _ => false);
        Assert.Contains(BandwidthUsage.Overusing, states);
        Assert.True(estimator.EstimateBps < Initial * 0.9, $"{estimator.EstimateBps}");
    }

    [Theory]
    [InlineData(5, 0.15)] // every 5th lost: 20 %
    [InlineData(3, 0.30)] // every 3rd lost: 33 %
    public void Heavy_loss_decreases(int every, double minLoss)
    {
        var (estimator, _, _) = Simulate(seconds: 2, extraDelayMicroseconds: _ => 0, lost: i => i % every == every - 1);
        Assert.True(estimator.LossFraction >= minLoss, $"{estimator.LossFraction}");
        Assert.True(estimator.EstimateBps < Initial * 0.7, $"{estimator.EstimateBps}");
    }

    [Fact]
    public void Moderate_loss_holds()
    {
        // 5 %: between the 2 % and 10 % thresholds, GCC neither increases nor decreases.
        var (estimator, _, _) = Simulate(seconds: 3, extraDelayMicroseconds: _ => 0, lost: i => i % 20 == 10);
        Assert.Equal(Initial, estimator.EstimateBps);
    }

    [Fact]
    public void Remb_is_the_fallback_without_transport_cc()
    {
        var time = new ManualTimeProvider();
        var estimator = new SendSideEstimator(time, Initial, minBps: 50_000, maxBps: 5_000_000);
        estimator.OnRemb(300_000);
        Assert.Equal(300_000, estimator.EstimateBps);
        estimator.OnRemb(1);
        Assert.Equal(50_000, estimator.EstimateBps); // clamped to the floor
        estimator.OnRemb(ulong.MaxValue);
        Assert.Equal(5_000_000, estimator.EstimateBps); // and the ceiling
    }

    [Fact]
    public void Remb_is_ignored_while_transport_cc_flows()
    {
        var (estimator, time, _) = Simulate(seconds: 1, extraDelayMicroseconds: _ => 0, lost: _ => false);
        var before = estimator.EstimateBps;
        estimator.OnRemb(100_000);
        Assert.Equal(before, estimator.EstimateBps);
        time.Advance(TimeSpan.FromSeconds(3)); // feedback stopped
        estimator.OnRemb(100_000);
        Assert.Equal(100_000, estimator.EstimateBps);
    }

    private static (SendSideEstimator Estimator, ManualTimeProvider Time, List<BandwidthUsage> States) Simulate(
        int seconds, Func<int, long> extraDelayMicroseconds, Func<int, bool> lost)
    {
        var time = new ManualTimeProvider();
        var estimator = new SendSideEstimator(time, Initial);
        var states = new List<BandwidthUsage>();
        var buffer = new byte[1200];
        var packet = 0;
        for (var round = 0; round < seconds * 10; round++)
        {
            var arrivals = new List<TwccArrival>();
            for (var k = 0; k < 20; k++, packet++)
            {
                var send = packet * 5_000L;
                estimator.OnPacketSent((ushort)packet, PacketSize, send);
                if (!lost(packet))
                {
                    arrivals.Add(new TwccArrival((ushort)packet, send + 20_000 + extraDelayMicroseconds(packet)));
                }
            }

            time.Advance(TimeSpan.FromMilliseconds(100));
            Assert.True(TransportFeedbackWriter.TryWrite(buffer, 1, 2, (byte)round, arrivals.ToArray(), out var written, out var consumed));
            Assert.Equal(arrivals.Count, consumed);
            Assert.Equal(RtcpParseResult.Ok, TransportFeedback.TryParse(buffer.AsSpan(0, written), out var feedback));
            estimator.OnTransportFeedback(feedback);
            states.Add(estimator.DelayState);
        }

        return (estimator, time, states);
    }
}
