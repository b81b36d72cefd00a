using System.Buffers.Binary;
using Messenger.LoadTest.Media;

namespace Messenger.LoadTest.Tests;

/// <summary>IVF reading (libvpx's container) and RTP packetising of VP8 (RFC 7741) and Opus (RFC 7587).</summary>
public sealed class MediaPacketisingTests
{
    private static byte[] Ivf(params (long Pts, byte[] Data)[] frames)
    {
        var stream = new MemoryStream();
        var header = new byte[32];
        "DKIF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 32);
        "VP80"u8.CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(12), 1280);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(14), 720);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 30);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), (uint)frames.Length);
        stream.Write(header);
        foreach (var (pts, data) in frames)
        {
            var frameHeader = new byte[12];
            BinaryPrimitives.WriteUInt32LittleEndian(frameHeader, (uint)data.Length);
            BinaryPrimitives.WriteInt64LittleEndian(frameHeader.AsSpan(4), pts);
            stream.Write(frameHeader);
            stream.Write(data);
        }

        return stream.ToArray();
    }

    [Fact]
    public void Ivf_frames_come_back_with_their_times_and_bytes()
    {
        var frames = new List<IvfFrame>();
        var error = IvfReader.TryRead(Ivf((0, [0x10, 1, 2]), (1, [0x11, 3])), frames, out var header);

        Assert.Null(error);
        Assert.Equal(new IvfHeader("VP80", 1280, 720, 30, 1), header);
        Assert.Equal([0L, 1L], frames.Select(f => f.Pts));
        Assert.Equal(new byte[] { 0x11, 3 }, frames[1].Data);
    }

    [Theory]
    [InlineData(0, "DKIF")]   // not IVF at all
    [InlineData(5, "runs past the end")]
    [InlineData(45, "cut short")]
    public void Broken_ivf_is_reported_not_thrown(int cut, string reason)
    {
        var file = Ivf((0, new byte[10]));
        file = cut == 0 ? [.. "RIFF"u8, .. file[4..]] : cut == 5 ? file[..^5] : [.. file, .. new byte[3]];

        var error = IvfReader.TryRead(file, [], out _);

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100, 1000, 1)]
    [InlineData(996, 1000, 1)]
    [InlineData(997, 1000, 2)]
    [InlineData(3000, 1000, 4)]
    public void Vp8_frames_split_into_balanced_payloads_that_reassemble(int frameLength, int maxPayload, int packets)
    {
        var frame = Enumerable.Range(0, frameLength).Select(i => (byte)i).ToArray();
        var payloads = new List<byte[]>();

        Vp8Packetizer.Packetize(frame, pictureId: 0x1234, maxPayload, payloads);

        Assert.Equal(packets, payloads.Count);
        Assert.All(payloads, p => Assert.InRange(p.Length, 0, maxPayload));
        Assert.InRange(payloads.Max(p => p.Length) - payloads.Min(p => p.Length), 0, 1);
        // RFC 7741 §4.2: X=1, S only on the first packet, I=1 with a 15-bit PictureID (M=1).
        Assert.Equal(0x90, payloads[0][0]);
        Assert.All(payloads.Skip(1), p => Assert.Equal(0x80, p[0]));
        Assert.All(payloads, p => Assert.Equal(new byte[] { 0x80, 0x92, 0x34 }, p[1..4]));
        Assert.Equal(frame, payloads.SelectMany(p => p[Vp8Packetizer.DescriptorLength..]).ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0xFC }, 960)]          // config 31 CELT FB 20 ms, one frame
    [InlineData(new byte[] { 0x78 }, 960)]          // config 15 hybrid FB 20 ms
    [InlineData(new byte[] { 0x0B, 0x04 }, 3840)]   // config 1 SILK NB 20 ms, code 3 with 4 frames
    [InlineData(new byte[] { 0x08 }, 960)]          // config 1 SILK NB 20 ms
    [InlineData(new byte[] { 0x19 }, 5760)]         // config 3 SILK 60 ms, two frames (code 1)
    [InlineData(new byte[] { 0xE3, 0x03 }, 360)]    // config 28 CELT FB 2.5 ms, code 3 with 3 frames
    [InlineData(new byte[] { }, 0)]
    public void Opus_duration_follows_the_toc_byte(byte[] packet, int samples)
    {
        Assert.Equal(samples, OpusPacketizer.DurationSamples(packet));
    }

    [Fact]
    public void A_vp8_clip_script_marks_frame_ends_and_runs_at_90_khz()
    {
        var frames = new List<IvfFrame> { new(0, new byte[2500]), new(1, new byte[10]) };
        var script = TrackScript.FromVp8(frames, new IvfHeader("VP80", 1280, 720, 30, 1), maxPayload: 1000);

        Assert.Equal([false, false, true, true], script.Packets.Select(p => p.Marker));
        Assert.Equal([0u, 0u, 0u, 3000u], script.Packets.Select(p => p.RtpTimestamp));
        Assert.Equal(66_666, script.DurationMicros);
    }
}
