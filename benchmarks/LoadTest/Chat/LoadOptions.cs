namespace Messenger.LoadTest.Chat;

/// <summary>
/// Settings of the chat scenario: <c>chat --clients 2000 --groups 100 --rate 1000 --seconds 30 --warmup 5</c>, with
/// <c>--server process</c> to run the host as its own process (<see cref="SeparateProcess"/>), and
/// <c>--sqlite-synchronous-normal</c> to run it with that durability trade-off (docs/performance.md).
/// </summary>
public sealed record LoadOptions(int Clients, int Groups, int SendsPerSecond, int Seconds, int WarmupSeconds)
{
    public bool SeparateProcess { get; init; }

    public string? ServerDll { get; init; }

    public bool SynchronousNormal { get; init; }

    /// <summary>Messenger:InlineSocketScheduling for the host (docs/performance.md says what it trades).</summary>
    public bool InlineSockets { get; init; }

    /// <summary>Environment variables for the host process, NAME=VALUE (runtime knobs such as thread pool spinning).</summary>
    public IReadOnlyList<string> ServerEnvironment { get; init; } = [];
}
