using System.Globalization;
using Messenger.MediaServer.Forwarding;
using Messenger.MediaServer.Rtp.Vp8;

namespace Messenger.MediaServer.Tests.Forwarding;

/// <summary>
/// Scripts of VP8 packets with I, L, T and K set. Tokens: <c>width.pid.tl0.tid.keyidx=pid.tl0.keyidx</c> process
/// and expect these output fields; <c>...=x</c> expect a drop; <c>d...</c> discard the frame; <c>S</c> switch.
/// </summary>
public sealed class Vp8MungerTests
{
    [Theory]
    [InlineData("7-bit wrap", "7.126.1.0.0=126.1.0 7.127.2.0.0=127.2.0 7.0.3.0.0=0.3.0")]
    [InlineData("15-bit and 8-bit wrap", "15.32767.255.0.31=32767.255.31 15.0.0.0.31=0.0.31")]
    [InlineData("several packets per frame", "15.10.1.0.0=10.1.0 15.10.1.0.0=10.1.0 15.11.1.1.0=11.1.0")]
    [InlineData("dropped temporal frames close the gap", "15.10.1.0.0=10.1.0 d15.11.1.1.0 d15.11.1.1.0 15.12.2.0.0=11.2.0 d15.13.2.2.0 d15.14.2.1.0 15.15.3.0.0=12.3.0")]
    [InlineData("late packet after a drop keeps its slot", "15.10.1.0.0=10.1.0 15.12.2.0.0=12.2.0 d15.13.2.1.0 15.14.3.0.0=13.3.0 15.11.1.1.0=11.1.0")]
    [InlineData("drop across 7-bit wrap", "7.126.1.0.0=126.1.0 d7.127.1.1.0 7.0.2.0.0=127.2.0 7.1.2.1.0=0.2.0")]
    [InlineData("switch 7-bit to 15-bit", "7.120.9.0.2=120.9.2 7.121.9.1.2=121.9.2 S 15.30000.200.0.17=122.10.3 15.30001.200.1.17=123.10.3")]
    [InlineData("switch 15-bit to 7-bit", "15.500.3.0.1=500.3.1 S 7.5.77.0.4=117.4.2 7.6.77.1.4=118.4.2")]
    [InlineData("switch wraps tl0 and keyidx", "15.40.255.0.31=40.255.31 S 15.7.10.0.5=41.0.0 15.8.11.0.5=42.1.0")]
    [InlineData("switch wraps 15-bit output", "15.32767.1.0.0=32767.1.0 S 15.100.1.0.0=0.2.1")]
    [InlineData("older than switch dropped", "15.10.1.0.0=10.1.0 S 15.900.50.0.0=11.2.1 15.899.49.1.0=x 15.901.50.1.0=12.2.1")]
    [InlineData("switch after drops", "15.10.1.0.0=10.1.0 d15.11.1.1.0 S 15.3000.9.0.0=11.2.1")]
    [InlineData("switch back and forth", "15.10.1.0.0=10.1.0 S 15.500.60.0.3=11.2.1 15.501.61.0.3=12.3.1 S 15.20.4.0.0=13.4.2")]
    [InlineData("discard before the first keyframe is ignored", "d15.5.1.0.0 15.6.1.0.0=6.1.0")]
    [InlineData("late tl0 does not move the switch base", "15.10.5.0.0=10.5.0 15.12.7.0.0=12.7.0 15.11.6.0.0=11.6.0 S 15.70.1.0.0=13.8.1")]
    public void Script(string name, string script)
    {
        var munger = new Vp8Munger();
        var payload = new byte[16];
        var step = 0;
        foreach (var token in script.Split(' '))
        {
            step++;
            var where = $"{name}, step {step} '{token}'";
            if (token == "S")
            {
                munger.PrepareSwitch();
                continue;
            }

            var discard = token[0] == 'd';
            var sides = token.TrimStart('d').Split('=');
            var input = Numbers(sides[0]);
            var length = Write(payload, longPictureId: input[0] == 15, input[1], (byte)input[2], (byte)input[3], (byte)input[4]);
            var packet = payload.AsSpan(0, length);
            Assert.True(Vp8PayloadDescriptor.TryParse(packet, out var descriptor), where);
            if (discard)
            {
                munger.DiscardFrame(descriptor);
                continue;
            }

            var forwarded = munger.Process(descriptor, packet);
            if (sides[1] == "x")
            {
                Assert.False(forwarded, where);
                continue;
            }

            Assert.True(forwarded, where);
            Assert.True(Vp8PayloadDescriptor.TryParse(packet, out var rewritten), where);
            var expected = Numbers(sides[1]);
            Assert.True(expected[0] == rewritten.PictureId, $"{where}: pictureId {rewritten.PictureId}");
            Assert.True(expected[1] == rewritten.Tl0PicIdx, $"{where}: tl0 {rewritten.Tl0PicIdx}");
            Assert.True(expected[2] == rewritten.KeyIdx, $"{where}: keyidx {rewritten.KeyIdx}");

            // Width, TID, Y and the payload after the descriptor are left alone.
            Assert.Equal(descriptor.HasLongPictureId, rewritten.HasLongPictureId);
            Assert.Equal(input[3], rewritten.TemporalLayerId);
            Assert.True(rewritten.LayerSync);
            Assert.Equal(0x9D, packet[rewritten.Length]);
        }
    }

    [Fact]
    public void Packets_without_extension_fields_pass_untouched()
    {
        var munger = new Vp8Munger();
        byte[] packet = [0x10, 0x9D, 0x01, 0x2A];
        Assert.True(Vp8PayloadDescriptor.TryParse(packet, out var descriptor));
        Assert.True(munger.Process(descriptor, packet));
        Assert.Equal(new byte[] { 0x10, 0x9D, 0x01, 0x2A }, packet);
    }

    private static int[] Numbers(string dotted) =>
        Array.ConvertAll(dotted.Split('.'), part => int.Parse(part, CultureInfo.InvariantCulture));

    /// <summary>X, I, L, T, K descriptor (RFC 7741 §4.2), Y set, then one VP8 payload byte.</summary>
    private static int Write(byte[] buffer, bool longPictureId, int pictureId, byte tl0, byte tid, byte keyIdx)
    {
        var position = 0;
        buffer[position++] = 0x90; // X, S
        buffer[position++] = 0xF0; // I, L, T, K
        if (longPictureId)
        {
            buffer[position++] = (byte)(0x80 | (pictureId >> 8));
            buffer[position++] = (byte)pictureId;
        }
        else
        {
            buffer[position++] = (byte)(pictureId & 0x7F);
        }

        buffer[position++] = tl0;
        buffer[position++] = (byte)((tid << 6) | 0x20 | keyIdx);
        buffer[position++] = 0x9D;
        return position;
    }
}
