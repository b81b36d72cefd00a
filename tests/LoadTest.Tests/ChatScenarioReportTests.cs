using Messenger.LoadTest.Chat;

namespace Messenger.LoadTest.Tests;

/// <summary>The chat scenario's settings for the host and its markdown row (docs/performance.md pastes it).</summary>
public sealed class ChatScenarioReportTests
{
    private static readonly LoadOptions Options = new(10_000, 100, 300, 20, 10) { SeparateProcess = true };

    [Fact]
    public void A_separate_server_gets_its_own_cpu_memory_and_cost_per_delivery_cells()
    {
        var row = ChatScenario.Row(Options, 300, 30_000, 12.3, 80.5, 150.2, 0,
            new ChatScenario.ServerFigures(0.9, 600L * 1048576, 30), 0.85, 700L * 1048576, 800L * 1048576);
        var cells = row.Split('\n')[^1].Split('|', StringSplitOptions.TrimEntries)[1..^1];

        Assert.Equal(ChatScenario.Header.Split('\n')[0].Split('|').Length, row.Split('\n')[^1].Split('|').Length);
        Assert.Equal(["process", "10000", "100", "100", "300", "300", "30000", "12.3", "80.5", "150.2", "0", "0.90", "600 MiB", "30", "0.85", "700 MiB", "800 MiB"], cells);
    }

    [Fact]
    public void In_process_the_server_cells_say_where_its_figures_are()
    {
        var row = ChatScenario.Row(Options with { SeparateProcess = false }, 10, 200, 1, 2, 3, 0, null, 1.2, 1048576, 1048576);
        var cells = row.Split('\n')[^1].Split('|', StringSplitOptions.TrimEntries)[1..^1];

        Assert.Equal("in process", cells[0]);
        Assert.Equal("(in the load tool)", cells[11]);
        Assert.Equal(17, cells.Length);
    }

    [Theory]
    [InlineData(false, false, null, null)]
    [InlineData(true, true, "Normal", "true")]
    public void Opt_in_host_settings_are_passed_only_when_asked(bool normal, bool inline, string? synchronous, string? inlineSockets)
    {
        var settings = ChatServer.Settings("/tmp/x", Options with { SynchronousNormal = normal, InlineSockets = inline });

        Assert.Equal("/tmp/x", settings["Messenger:DataPath"]);
        Assert.Equal(synchronous, settings.GetValueOrDefault("Messenger:SqliteSynchronous"));
        Assert.Equal(inlineSockets, settings.GetValueOrDefault("Messenger:InlineSocketScheduling"));
    }
}
