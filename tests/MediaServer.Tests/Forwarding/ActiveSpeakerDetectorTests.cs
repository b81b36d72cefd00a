using System.Globalization;
using Messenger.MediaServer.Forwarding;
using Messenger.MediaServer.Tests.Ice;

namespace Messenger.MediaServer.Tests.Forwarding;

/// <summary>
/// Producers A, B, C (ids 0, 1, 2) are added up front. Tokens: <c>X:level</c> 15 packets of that level from X;
/// <c>-X[!]</c> remove X (! = it was ranked); <c>u=XY[!]</c> advance 300 ms, update, expect ranking XY and ! when it changed.
/// </summary>
public sealed class ActiveSpeakerDetectorTests
{
    [Theory]
    [InlineData("first speaker", "A:30 u=A! A:30 u=A")]
    [InlineData("louder first", "A:30 B:10 u=BA! A:30 B:10 u=BA")]
    [InlineData("close volumes do not flap", "A:30 B:40 u=AB! A:30 B:28 u=AB A:30 B:28 u=AB A:30 B:28 u=AB A:30 B:28 u=AB A:30 B:28 u=AB")]
    [InlineData("clearly louder overtakes", "A:30 B:40 u=AB! A:30 B:0 u=BA! A:30 B:0 u=BA")]
    [InlineData("silence leaves the ranking", "A:30 u=A! A:127 u=A A:127 u=A A:127 u=!")]
    [InlineData("no packets is silence too", "A:30 B:30 u=AB! B:30 u=BA! B:30 u=BA B:30 u=B!")]
    [InlineData("removed producer leaves", "A:30 B:40 u=AB! -A! B:40 u=B -C")]
    [InlineData("levels above silence never rank", "A:80 B:127 u= C:75 u=")]
    [InlineData("three speakers", "A:40 B:20 C:50 u=BAC! A:40 B:20 C:50 u=BAC A:40 B:127 C:0 u=CAB!")]
    public void Script(string name, string script)
    {
        var time = new ManualTimeProvider();
        var detector = new ActiveSpeakerDetector(time);
        detector.AddProducer(0);
        detector.AddProducer(1);
        detector.AddProducer(2);
        var step = 0;
        foreach (var token in script.Split(' '))
        {
            step++;
            var where = $"{name}, step {step} '{token}'";
            if (token[0] == 'u')
            {
                time.Advance(TimeSpan.FromMilliseconds(300));
                var changed = detector.Update();
                var expected = token.Substring(2).TrimEnd('!');
                var actual = string.Concat(detector.Ranking.Select(id => (char)('A' + id)));
                Assert.True(expected == actual, $"{where}: ranking {actual}");
                Assert.True(token.EndsWith('!') == changed, $"{where}: changed {changed}");
                for (var i = 0; i < actual.Length; i++)
                {
                    Assert.Equal(i, detector.GetRank(actual[i] - 'A'));
                }
            }
            else if (token[0] == '-')
            {
                Assert.True(token.EndsWith('!') == detector.RemoveProducer(token[1] - 'A'), where);
            }
            else
            {
                var level = byte.Parse(token.AsSpan(2), CultureInfo.InvariantCulture);
                for (var i = 0; i < 15; i++)
                {
                    detector.OnAudioLevel(token[0] - 'A', level);
                }
            }
        }
    }

    [Fact]
    public void Unknown_producers_are_ignored_and_unranked()
    {
        var detector = new ActiveSpeakerDetector(new ManualTimeProvider());
        detector.OnAudioLevel(42, 0);
        Assert.False(detector.Update());
        Assert.Equal(int.MaxValue, detector.GetRank(42));
    }
}
