using System.Globalization;
using Messenger.MediaServer.Forwarding;
using Messenger.MediaServer.Rtp;
using Messenger.MediaServer.Tests.Ice;

namespace Messenger.MediaServer.Tests.Forwarding;

/// <summary>
/// Scripts of steps against a 90 kHz munger. Tokens:
/// <c>seq:ts=outSeq:outTs[/Class]</c> process and expect a forward; <c>seq:ts=x[/Class]</c> expect a drop;
/// <c>padN=x</c> padding-only packet N; <c>-N</c> the forwarder discards N; <c>+ms</c> advance the clock;
/// <c>Sseq:ts[Rref]</c> PrepareSwitch, optionally with a reference timestamp.
/// </summary>
public sealed class RtpMungerTests
{
    [Theory]
    [InlineData("contiguous", "100:1000=100:1000/Contiguous 101:1000=101:1000 102:4000=102:4000")]
    [InlineData("seq wrap", "65534:1=65534:1 65535:2=65535:2 0:3=0:3/Contiguous 1:4=1:4")]
    [InlineData("ts wrap", "10:4294967000=10:4294967000 11:200=11:200/Contiguous")]
    [InlineData("gap kept, late packets fill it", "10:0=10:0 13:0=13:0/Gap 11:0=11:0/OutOfOrder 12:0=12:0/OutOfOrder")]
    [InlineData("gap across wrap", "65534:0=65534:0 1:0=1:0/Gap 65535:0=65535:0/OutOfOrder 0:0=0:0/OutOfOrder")]
    [InlineData("duplicates", "10:0=10:0 11:0=11:0 11:0=x/Duplicate 10:0=x/Duplicate 12:0=12:0")]
    [InlineData("padding shifts", "10:0=10:0 pad11=x/PaddingOnly pad12=x/PaddingOnly 13:0=11:0 14:0=12:0")]
    [InlineData("discard shifts across wrap", "65534:0=65534:0 -65535 0:0=65535:0 1:0=0:0")]
    [InlineData("gap then discard then late", "10:0=10:0 -12 13:0=12:0/Contiguous 11:0=11:0/OutOfOrder")]
    [InlineData("discard after gap", "10:0=10:0 -13 14:0=13:0 11:0=11:0/OutOfOrder 12:0=12:0/OutOfOrder")]
    [InlineData("late packet after later shift", "10:0=10:0 12:0=12:0/Gap -13 14:0=13:0 11:0=11:0/OutOfOrder")]
    [InlineData("duplicate of a dropped packet", "10:0=10:0 -11 11:0=x/Duplicate 12:0=11:0")]
    [InlineData("padding as first packet", "pad10=x/PaddingOnly 11:0=10:0")]
    [InlineData("late padding leaves its hole", "10:0=10:0 12:0=12:0/Gap pad11=x/PaddingOnly 13:0=13:0")]
    [InlineData("reorder window", "300:0=300:0 1000:0=1000:0/Gap 399:0=x/TooOld 500:0=500:0/OutOfOrder")]
    [InlineData("before the first packet", "300:0=300:0 299:0=x/TooOld 301:0=301:0")]
    [InlineData("switch continues seq and ts", "100:1000=100:1000 +100 S5000:50000 5000:50000=101:10000/Contiguous 5001:53000=102:13000")]
    [InlineData("switch drops older packets", "100:1000=100:1000 +20 S5000:50000 5000:50000=101:2800 4999:47000=x/TooOld 5002:50000=103:2800/Gap 5001:50000=102:2800/OutOfOrder")]
    [InlineData("switch uses a sane reference", "100:1000=100:1000 +100 S5000:50000R9500 5000:50000=101:9500")]
    [InlineData("switch rejects a reference behind", "100:1000=100:1000 +100 S5000:50000R500 5000:50000=101:10000")]
    [InlineData("switch rejects a reference far ahead", "100:1000=100:1000 +100 S5000:50000R200000 5000:50000=101:10000")]
    [InlineData("switch with no elapsed time", "100:1000=100:1000 S7:0 7:0=101:1001")]
    [InlineData("switch across ts wrap", "100:4294967290=100:4294967290 +1 S9:0 9:0=101:84")]
    [InlineData("switch across seq wrap", "65535:0=65535:0 S300:0 300:0=0:1 301:0=1:1")]
    [InlineData("reconnect with lower seq", "5000:100=5000:100 5001:100=5001:100 +40 S3:0 3:0=5002:3700 4:0=5003:3700")]
    [InlineData("switch after discards", "10:0=10:0 -11 -12 +10 S40:0 40:0=11:900")]
    [InlineData("switch back and forth", "10:0=10:0 +10 S500:0 500:0=11:900 +10 S20:7 20:7=12:1800 21:97=13:1890")]
    [InlineData("prepare before first packet", "S77:5 77:5=77:5 78:6=78:6")]
    public void Script(string name, string script)
    {
        var time = new ManualTimeProvider();
        var munger = new RtpMunger(90_000, time);
        var step = 0;
        foreach (var token in script.Split(' '))
        {
            step++;
            var where = $"{name}, step {step} '{token}'";
            if (token[0] == '+')
            {
                time.Advance(TimeSpan.FromMilliseconds(int.Parse(token.AsSpan(1), CultureInfo.InvariantCulture)));
                continue;
            }

            if (token[0] == 'S')
            {
                var parts = token.Substring(1).Split('R');
                var seqTs = parts[0].Split(':');
                uint? reference = parts.Length > 1 ? uint.Parse(parts[1], CultureInfo.InvariantCulture) : null;
                munger.PrepareSwitch(ushort.Parse(seqTs[0], CultureInfo.InvariantCulture), uint.Parse(seqTs[1], CultureInfo.InvariantCulture), reference);
                continue;
            }

            if (token[0] == '-')
            {
                var discarded = munger.Discard(ushort.Parse(token.AsSpan(1), CultureInfo.InvariantCulture));
                Assert.False(discarded.Forward, where);
                continue;
            }

            var sides = token.Split('=');
            RtpMungeResult result;
            if (sides[0].StartsWith("pad", StringComparison.Ordinal))
            {
                result = munger.Process(ushort.Parse(sides[0].AsSpan(3), CultureInfo.InvariantCulture), 0, paddingOnly: true);
            }
            else
            {
                var input = sides[0].Split(':');
                result = munger.Process(ushort.Parse(input[0], CultureInfo.InvariantCulture), uint.Parse(input[1], CultureInfo.InvariantCulture));
            }

            var expected = sides[1].Split('/');
            if (expected.Length > 1)
            {
                Assert.True(Enum.Parse<RtpPacketClass>(expected[1]) == result.Class, $"{where}: class {result.Class}");
            }

            if (expected[0] == "x")
            {
                Assert.False(result.Forward, where);
                continue;
            }

            var output = expected[0].Split(':');
            Assert.True(result.Forward, $"{where}: dropped as {result.Class}");
            Assert.True(ushort.Parse(output[0], CultureInfo.InvariantCulture) == result.SequenceNumber, $"{where}: seq {result.SequenceNumber}");
            Assert.True(uint.Parse(output[1], CultureInfo.InvariantCulture) == result.Timestamp, $"{where}: ts {result.Timestamp}");
        }
    }

    [Fact]
    public void Reordered_packet_older_than_remembered_offsets_is_dropped()
    {
        var munger = new RtpMunger(90_000, new ManualTimeProvider());
        Assert.True(munger.Process(1, 0).Forward);
        Assert.Equal(RtpPacketClass.Gap, munger.Process(3, 0).Class); // 2 is missing
        ushort seq = 4;
        for (var i = 0; i < RtpMunger.MaxOffsetRanges; i++)
        {
            Assert.False(munger.Discard(seq++).Forward);
            Assert.True(munger.Process(seq++, 0).Forward);
        }

        // The offset that applied at 2 has been overwritten: 2's output slot is unknown.
        Assert.Equal(RtpPacketClass.TooOld, munger.Process(2, 0).Class);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void Random_drops_and_reorders_without_loss_give_a_gapless_output(int seed)
    {
        var random = new Random(seed);
        var munger = new RtpMunger(90_000, new ManualTimeProvider());
        const int count = 3000;
        var input = new int[count];
        for (var i = 0; i < count; i++)
        {
            input[i] = (65000 + i) & 0xFFFF; // crosses the wrap
        }

        // Local swaps only, well inside the reorder window.
        for (var i = 0; i + 3 < count; i += 4)
        {
            if (random.Next(3) == 0)
            {
                (input[i + 1], input[i + 2]) = (input[i + 2], input[i + 1]);
            }
        }

        // Discards only in order (before any later packet was seen), as a forwarder would decide them.
        var outputs = new List<ushort>();
        var inputUnwrapper = default(SeqUnwrapper);
        var highest = long.MinValue;
        foreach (var seq in input)
        {
            var ext = inputUnwrapper.Unwrap((ushort)seq);
            var inOrder = ext > highest;
            highest = Math.Max(highest, ext);
            var result = inOrder && random.Next(5) == 0 ? munger.Discard((ushort)seq) : munger.Process((ushort)seq, 0);
            if (result.Forward)
            {
                outputs.Add(result.SequenceNumber);
            }
        }

        var unwrapped = new SortedSet<long>();
        var outputUnwrapper = default(SeqUnwrapper);
        foreach (var output in outputs)
        {
            Assert.True(unwrapped.Add(outputUnwrapper.Unwrap(output)), $"output seq {output} used twice");
        }

        Assert.Equal(unwrapped.Max - unwrapped.Min + 1, unwrapped.Count); // no holes
    }
}
