namespace Messenger.LoadTest.Scenarios;

/// <summary>
/// Who publishes and who receives whom. Every subscription is its own peer connection receiving one publisher's
/// tracks (WHEP's shape; Janus is driven the same way so both servers do the same work).
/// </summary>
public sealed record ScenarioSpec(string Name, string Description, int Publishers, bool Video, IReadOnlyList<(int Listener, int Publisher)> Subscriptions)
{
    /// <summary>(a) one 720p VP8 + Opus publisher and <paramref name="subscribers"/> receivers.</summary>
    public static ScenarioSpec OneToMany(int subscribers) =>
        new($"1pub-{subscribers}sub", $"1 publisher (720p VP8 + Opus), {subscribers} subscribers", 1, true,
            Enumerable.Range(0, subscribers).Select(i => (i, 0)).ToList());

    /// <summary>(b) a meeting: everyone publishes video and audio and receives everyone else.</summary>
    public static ScenarioSpec Meeting(int people) =>
        new($"meeting-{people}", $"{people}-person meeting, everyone publishes and subscribes", people, true,
            (from listener in Enumerable.Range(0, people) from publisher in Enumerable.Range(0, people) where listener != publisher select (listener, publisher)).ToList());

    /// <summary>(c) audio only: a few speakers, many listeners who hear every speaker.</summary>
    public static ScenarioSpec AudioOnly(int speakers, int listeners) =>
        new($"audio-{speakers}x{listeners}", $"audio only, {speakers} speakers, {listeners} listeners", speakers, false,
            (from listener in Enumerable.Range(0, listeners) from speaker in Enumerable.Range(0, speakers) select (listener, speaker)).ToList());

    public static IReadOnlyList<ScenarioSpec> Standard(IReadOnlyList<int> fanOut, int meeting, int speakers, int listeners) =>
        [.. fanOut.Select(OneToMany), Meeting(meeting), AudioOnly(speakers, listeners)];
}
