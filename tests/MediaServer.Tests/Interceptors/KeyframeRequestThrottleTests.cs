using System.Globalization;
using Messenger.MediaServer.Interceptors;
using Messenger.MediaServer.Rtcp;
using Messenger.MediaServer.Tests.Ice;

namespace Messenger.MediaServer.Tests.Interceptors;

/// <summary>Tokens: <c>r1</c>/<c>r0</c> a request that is / is not sent now; <c>p1</c>/<c>p0</c> poll; <c>k</c> keyframe arrives; <c>+ms</c>.</summary>
public sealed class KeyframeRequestThrottleTests
{
    [Theory]
    [InlineData("first goes out at once", "r1")]
    [InlineData("many subscribers, one request", "r1 r0 r0 r0 +399 r0 p0 +1 p1 p0")]
    [InlineData("pending satisfied by a keyframe", "r1 +100 r0 k +300 p0 r1")]
    [InlineData("quiet interval then immediate", "r1 +400 r1 +1000 r1")]
    [InlineData("request after poll sent waits again", "r1 r0 +400 p1 r0 +400 p1")]
    [InlineData("nothing pending, nothing due", "p0 +1000 p0 r1 +1000 p0")]
    public void Script(string name, string script)
    {
        var time = new ManualTimeProvider();
        var throttle = new KeyframeRequestThrottle(time);
        var step = 0;
        foreach (var token in script.Split(' '))
        {
            step++;
            var where = $"{name}, step {step} '{token}'";
            switch (token[0])
            {
                case '+':
                    time.Advance(TimeSpan.FromMilliseconds(int.Parse(token.AsSpan(1), CultureInfo.InvariantCulture)));
                    break;
                case 'k':
                    throttle.OnKeyframeReceived();
                    Assert.False(throttle.IsPending, where);
                    break;
                case 'r':
                    Assert.True((token[1] == '1') == throttle.Request(), where);
                    Assert.Equal(token[1] == '0', throttle.IsPending);
                    break;
                default:
                    Assert.True((token[1] == '1') == throttle.Poll(), where);
                    break;
            }
        }
    }

    [Fact]
    public void Writes_pli()
    {
        var throttle = new KeyframeRequestThrottle(new ManualTimeProvider());
        var buffer = new byte[64];
        Assert.True(throttle.TryWrite(buffer, 1, 0xCAFE, out var written));
        Assert.Equal(RtcpParseResult.Ok, PictureLossIndication.TryParse(buffer.AsSpan(0, written), out var pli));
        Assert.Equal(0xCAFEu, pli.MediaSsrc);
    }

    [Fact]
    public void Fir_sequence_number_grows_per_request_and_wraps()
    {
        var throttle = new KeyframeRequestThrottle(new ManualTimeProvider(), useFir: true);
        var buffer = new byte[64];
        for (var i = 0; i < 257; i++)
        {
            Assert.True(throttle.TryWrite(buffer, 1, 0xCAFE, out var written));
            Assert.Equal(RtcpParseResult.Ok, FullIntraRequest.TryParse(buffer.AsSpan(0, written), out var fir));
            Assert.Equal(new FirEntry(0xCAFE, (byte)i), fir.GetEntry(0));
        }

        Assert.Equal(1, throttle.NextFirSequenceNumber);
        Assert.False(throttle.TryWrite(new byte[8], 1, 0xCAFE, out _));
        Assert.Equal(1, throttle.NextFirSequenceNumber); // a failed write does not use a number
    }
}
