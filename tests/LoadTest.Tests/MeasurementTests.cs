using Messenger.LoadTest.Measurement;
using Messenger.LoadTest.Peers;
using Messenger.LoadTest.Reporting;

namespace Messenger.LoadTest.Tests;

/// <summary>Percentiles, /proc parsing, RTP loss accounting and the report's marker block.</summary>
public sealed class MeasurementTests
{
    [Theory]
    [InlineData(0.50, 50.01)]
    [InlineData(0.99, 99.01)]
    [InlineData(1.00, 100.01)]
    [InlineData(0.00, 1.01)]
    public void Percentiles_are_nearest_rank_at_bucket_resolution(double quantile, double expectedMs)
    {
        var histogram = new LatencyHistogram();
        // 1..100 ms, shuffled: the order of recording does not matter.
        foreach (var ms in Enumerable.Range(1, 100).OrderBy(i => (i * 37) % 101))
        {
            histogram.Record(ms * 1000L);
        }

        Assert.Equal(expectedMs, histogram.PercentileMs(quantile), 3);
    }

    [Fact]
    public void An_empty_histogram_has_no_percentile()
    {
        Assert.True(double.IsNaN(new LatencyHistogram().PercentileMs(0.5)));
    }

    [Fact]
    public void Proc_stat_cpu_is_utime_plus_stime_even_with_spaces_in_the_name()
    {
        const string stat = "4242 (dotnet (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 30 0 100 1000 200";

        Assert.Equal(3.25, ProcessSample.ParseCpuSeconds(stat), 6);
        Assert.Equal(123_456L * 1024, ProcessSample.ParseRssBytes("Name:\tjanus\nVmPeak:\t  9 kB\nVmRSS:\t  123456 kB\n"));
    }

    [Fact]
    public void Loss_counts_sequence_gaps_across_the_16_bit_wrap()
    {
        var stream = new SubscriberStats.StreamState(1);
        ushort[] sequences = [65533, 65534, 65535, 1, 2, 5];

        foreach (var (sequence, i) in sequences.Select((s, i) => (s, i)))
        {
            stream.Add(sequence, (uint)(i * 960), i * 20_000_000L, 48_000);
        }

        Assert.Equal(6, stream.Received);
        Assert.Equal(9, stream.Expected); // 65533 … 5 is nine sequence numbers; 0, 3 and 4 were lost.
    }

    [Fact]
    public void The_table_replaces_only_what_is_between_the_markers()
    {
        var document = $"# Perf\nbefore\n{CompareReport.BeginMarker}\nold table\n{CompareReport.EndMarker}\nafter\n";

        var updated = CompareReport.ReplaceBetweenMarkers(document, "| new |\n");

        Assert.Equal($"# Perf\nbefore\n{CompareReport.BeginMarker}\n| new |\n{CompareReport.EndMarker}\nafter\n", updated);
        Assert.EndsWith($"{CompareReport.BeginMarker}\n| x |\n{CompareReport.EndMarker}\n", CompareReport.ReplaceBetweenMarkers("# Perf\n", "| x |"), StringComparison.Ordinal);
    }
}
