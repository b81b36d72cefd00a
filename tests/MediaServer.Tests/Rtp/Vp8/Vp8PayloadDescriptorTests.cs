using Messenger.MediaServer.Rtp.Vp8;

namespace Messenger.MediaServer.Tests.Rtp.Vp8;

public sealed class Vp8PayloadDescriptorTests
{
    // RFC 7741 §4.2 layouts. The byte after the descriptor is the first VP8 payload byte (P bit = LSB).
    [Theory]
    [InlineData("10" + "9d", 1, false, true, 0, false, false, 0)] // minimal, S=1
    [InlineData("90" + "80" + "7f" + "9c", 3, false, true, 0, true, false, 0x7f)] // I, 7-bit
    [InlineData("90" + "80" + "ff" + "ff" + "9c", 4, false, true, 0, true, true, 0x7fff)] // I, 15-bit
    [InlineData("b3" + "80" + "85" + "01" + "9c", 4, true, true, 3, true, true, 0x0501)] // N=1, PID=3
    [InlineData("80" + "00" + "9c", 2, false, false, 0, false, false, 0)] // X with nothing in it
    public void Parses_required_and_picture_id_fields(
        string hex, int length, bool nonReference, bool start, int pid, bool hasPictureId, bool longId, int pictureId)
    {
        var payload = Convert.FromHexString(hex);
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var d));
        Assert.Equal(length, d.Length);
        Assert.Equal(nonReference, d.NonReference);
        Assert.Equal(start, d.StartOfPartition);
        Assert.Equal(pid, d.PartitionIndex);
        Assert.Equal(hasPictureId, d.HasPictureId);
        Assert.Equal(longId, d.HasLongPictureId);
        Assert.Equal(pictureId, d.PictureId);
    }

    [Fact]
    public void Parses_all_optional_fields()
    {
        // X=1 S=1; I L T K; PictureID 15-bit 0x1234; TL0PICIDX 0xab; TID=2 Y=1 KEYIDX=0x15.
        var payload = Convert.FromHexString("90" + "f0" + "9234" + "ab" + "b5" + "9c0102");
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var d));
        Assert.True(d.Extended);
        Assert.Equal(0x1234, d.PictureId);
        Assert.True(d.HasTl0PicIdx);
        Assert.Equal(0xab, d.Tl0PicIdx);
        Assert.True(d.HasTid);
        Assert.Equal(2, d.TemporalLayerId);
        Assert.True(d.LayerSync);
        Assert.True(d.HasKeyIdx);
        Assert.Equal(0x15, d.KeyIdx);
        Assert.Equal(6, d.Length);
    }

    [Fact]
    public void K_without_T_still_has_the_tid_byte()
    {
        var payload = Convert.FromHexString("90" + "10" + "e7" + "9c");
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var d));
        Assert.False(d.HasTid);
        Assert.Equal(0, d.TemporalLayerId);
        Assert.True(d.HasKeyIdx);
        Assert.Equal(0x07, d.KeyIdx);
        Assert.Equal(3, d.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("80")] // X set, X byte missing
    [InlineData("9080")] // I set, PictureID missing
    [InlineData("908080")] // M set, second PictureID byte missing
    [InlineData("90c07f")] // L set, TL0PICIDX missing
    [InlineData("90a07f")] // T set, TID byte missing
    [InlineData("90f09234ab")] // all set, TID/KEYIDX byte missing
    public void Truncated_descriptors_fail(string hex) =>
        Assert.False(Vp8PayloadDescriptor.TryParse(Convert.FromHexString(hex), out _));

    [Theory]
    [InlineData("10" + "9c", true)] // S=1 PID=0, P=0
    [InlineData("10" + "9d", false)] // P=1: inter frame
    [InlineData("00" + "9c", false)] // S=0: continuation
    [InlineData("11" + "9c", false)] // PID=1
    [InlineData("90" + "e0" + "8001" + "05" + "40" + "9c", true)] // extended, I L T
    [InlineData("90" + "e0" + "8001" + "05" + "40", false)] // no payload byte after the descriptor
    [InlineData("90" + "e0" + "8001", false)] // truncated descriptor
    public void Detects_keyframe_start(string hex, bool expected) =>
        Assert.Equal(expected, Vp8PayloadDescriptor.IsKeyframeStartPacket(Convert.FromHexString(hex)));

    [Theory]
    [InlineData("90" + "80" + "05" + "9c", 0x7e, 0x7e)] // 7-bit
    [InlineData("90" + "80" + "05" + "9c", 0x80, 0x00)] // 7-bit wraps at 128
    [InlineData("90" + "80" + "05" + "9c", 0x1ff, 0x7f)]
    [InlineData("90" + "80" + "8005" + "9c", 0x7fff, 0x7fff)] // 15-bit
    [InlineData("90" + "80" + "8005" + "9c", 0x8000, 0x0000)] // 15-bit wraps at 32768
    [InlineData("90" + "80" + "8005" + "9c", 0x8123, 0x0123)]
    public void Rewrites_picture_id_keeping_width(string hex, int newId, int expected)
    {
        var payload = Convert.FromHexString(hex);
        var tail = payload[^1];
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var d));
        var wasLong = d.HasLongPictureId;
        Assert.True(d.TryWritePictureId(payload, (ushort)newId));

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var after));
        Assert.Equal(expected, after.PictureId);
        Assert.Equal(wasLong, after.HasLongPictureId);
        Assert.Equal(d.Length, after.Length);
        Assert.Equal(tail, payload[^1]);
    }

    [Fact]
    public void Rewrites_tl0picidx_and_keyidx_without_touching_tid()
    {
        var payload = Convert.FromHexString("90" + "f0" + "9234" + "ab" + "b5" + "9c");
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var d));
        Assert.True(d.TryWriteTl0PicIdx(payload, 0x00));
        Assert.True(d.TryWriteKeyIdx(payload, 0x3f)); // masked to 5 bits
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var after));
        Assert.Equal(0x00, after.Tl0PicIdx);
        Assert.Equal(0x1f, after.KeyIdx);
        Assert.Equal(2, after.TemporalLayerId);
        Assert.True(after.LayerSync);
        Assert.Equal(0x1234, after.PictureId);
    }

    [Fact]
    public void Rewrite_fails_for_absent_fields()
    {
        var payload = Convert.FromHexString("10" + "9c");
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var d));
        Assert.False(d.TryWritePictureId(payload, 1));
        Assert.False(d.TryWriteTl0PicIdx(payload, 1));
        Assert.False(d.TryWriteKeyIdx(payload, 1));
        Assert.Equal(new byte[] { 0x10, 0x9c }, payload);
    }
}
