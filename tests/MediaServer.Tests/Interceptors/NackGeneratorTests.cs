using System.Globalization;
using Messenger.MediaServer.Interceptors;
using Messenger.MediaServer.Tests.Ice;

namespace Messenger.MediaServer.Tests.Interceptors;

/// <summary>
/// Tokens: <c>seq=Status</c> a received packet; <c>+ms</c> advance the clock; <c>n=a,b</c> collect and expect these
/// NACKs (<c>n=</c> none); <c>k</c> / <c>k0</c> a keyframe request is / is not pending.
/// </summary>
public sealed class NackGeneratorTests
{
    [Theory]
    [InlineData("in order", "10=First 11=InOrder 12=InOrder n= k0")]
    [InlineData("gap, recovery, retry interval", "10=First 11=InOrder 14=Gap n=12,13 12=Recovered n= +50 n= +50 n=13 13=Recovered +100 n=")]
    [InlineData("gap across the wrap", "65534=First 1=Gap n=65535,0 0=Recovered +100 n=65535")]
    [InlineData("several gaps ascending", "100=First 103=Gap 107=Gap n=101,102,104,105,106")]
    [InlineData("late and duplicate", "5=First 6=InOrder 4=Late 6=Late 5=Late")]
    [InlineData("gives up after max age", "1=First 3=Gap n=2 +600 n=2 +500 n= 2=Late")]
    [InlineData("gap too large asks for a keyframe", "1=First 3=Gap 500=GapTooLarge n= k k0 501=InOrder 2=Late")]
    [InlineData("largest NACKable gap", "1=First 258=Gap k0")]
    public void Script(string name, string script)
    {
        var time = new ManualTimeProvider();
        var generator = new NackGenerator(time);
        var step = 0;
        foreach (var token in script.Split(' '))
        {
            step++;
            var where = $"{name}, step {step} '{token}'";
            if (token[0] == '+')
            {
                time.Advance(TimeSpan.FromMilliseconds(int.Parse(token.AsSpan(1), CultureInfo.InvariantCulture)));
            }
            else if (token[0] == 'k')
            {
                Assert.True((token == "k") == generator.ConsumeKeyframeRequest(), where);
            }
            else if (token[0] == 'n')
            {
                var destination = new ushort[64];
                var count = generator.CollectNacks(destination);
                var expected = token.Length > 2
                    ? Array.ConvertAll(token.Substring(2).Split(','), s => ushort.Parse(s, CultureInfo.InvariantCulture))
                    : [];
                Assert.True(expected.AsSpan().SequenceEqual(destination.AsSpan(0, count)), $"{where}: got {string.Join(',', destination.AsSpan(0, count).ToArray())}");
            }
            else
            {
                var parts = token.Split('=');
                var status = generator.OnPacket(ushort.Parse(parts[0], CultureInfo.InvariantCulture));
                Assert.True(Enum.Parse<NackPacketStatus>(parts[1]) == status, $"{where}: {status}");
            }
        }
    }

    [Fact]
    public void Gives_up_after_max_retries()
    {
        var time = new ManualTimeProvider();
        var generator = new NackGenerator(time) { MaxRetries = 3, RetryInterval = TimeSpan.FromMilliseconds(10) };
        generator.OnPacket(1);
        generator.OnPacket(3);
        var destination = new ushort[8];
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(1, generator.CollectNacks(destination));
            time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.Equal(0, generator.CollectNacks(destination));
        Assert.Equal(0, generator.MissingCount);
        Assert.Equal(1, generator.GivenUpCount);
    }

    [Fact]
    public void Collect_stops_at_the_destination_size_and_keeps_the_rest_due()
    {
        var generator = new NackGenerator(new ManualTimeProvider());
        generator.OnPacket(0);
        generator.OnPacket(11); // 1..10 missing
        var destination = new ushort[4];
        Assert.Equal(4, generator.CollectNacks(destination));
        Assert.Equal(new ushort[] { 1, 2, 3, 4 }, destination);
        Assert.Equal(4, generator.CollectNacks(destination));
        Assert.Equal(new ushort[] { 5, 6, 7, 8 }, destination);
        Assert.Equal(10, generator.MissingCount);
    }
}
