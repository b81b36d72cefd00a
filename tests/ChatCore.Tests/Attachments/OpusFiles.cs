using System.Buffers.Binary;
using System.Diagnostics;
using Concentus;
using Concentus.Enums;
using Messenger.ChatCore.Attachments;

namespace Messenger.ChatCore.Tests.Attachments;

/// <summary>
/// Real Opus voice notes for tests: a tone encoded with Concentus, written as Ogg (RFC 7845) by a small writer here,
/// and remuxed to WebM by ffmpeg (which also proves the Ogg is well-formed to an independent reader).
/// </summary>
public static class OpusFiles
{
    public const int PreSkip = 312;

    /// <summary>A 440 Hz tone whose loudness ramps from silence to full over <paramref name="frames"/> 20 ms frames.</summary>
    public static byte[] RampOgg(int frames, int channels = 1) => Ogg(EncodeRamp(frames, channels), channels);

    public static List<byte[]> EncodeRamp(int frames, int channels)
    {
        var encoder = OpusCodecFactory.CreateEncoder(48_000, channels, OpusApplication.OPUS_APPLICATION_VOIP);
        var pcm = new short[960 * channels];
        var output = new byte[1275];
        var packets = new List<byte[]>();
        for (var f = 0; f < frames; f++)
        {
            for (var i = 0; i < 960; i++)
            {
                var t = ((f * 960) + i) / 48_000.0;
                var level = (double)f / Math.Max(1, frames - 1);
                for (var c = 0; c < channels; c++)
                {
                    pcm[(i * channels) + c] = (short)(level * 20_000 * Math.Sin(2 * Math.PI * 440 * t));
                }
            }

            var length = encoder.Encode(pcm, 960, output, output.Length);
            packets.Add(output[..length]);
        }

        return packets;
    }

    public static byte[] Ogg(IReadOnlyList<byte[]> audio, int channels = 1)
    {
        var head = new byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1;
        head[9] = (byte)channels;
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), PreSkip);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), 48_000);
        var tags = "OpusTags\x08\0\0\0messenger\0\0\0\0"u8.ToArray();
        tags[8] = 9; // vendor string length

        using var file = new MemoryStream();
        uint sequence = 0;
        WritePage(file, head, 0x02, 0, ref sequence);
        WritePage(file, tags, 0, 0, ref sequence);
        long granule = PreSkip;
        for (var i = 0; i < audio.Count; i++)
        {
            granule += 960;
            WritePage(file, audio[i], i == audio.Count - 1 ? (byte)0x04 : (byte)0, granule, ref sequence);
        }

        return file.ToArray();
    }

    private static void WritePage(MemoryStream file, byte[] packet, byte flags, long granule, ref uint sequence)
    {
        var lacing = new List<byte>();
        var left = packet.Length;
        while (left >= 255)
        {
            lacing.Add(255);
            left -= 255;
        }

        lacing.Add((byte)left);
        var page = new byte[27 + lacing.Count + packet.Length];
        "OggS"u8.CopyTo(page);
        page[5] = flags;
        BinaryPrimitives.WriteInt64LittleEndian(page.AsSpan(6), granule);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(14), 0x5EED);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(18), sequence++);
        page[26] = (byte)lacing.Count;
        lacing.ToArray().CopyTo(page, 27);
        packet.CopyTo(page, 27 + lacing.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(22), OggCrc.Compute(page));
        file.Write(page);
    }

    /// <summary>The same audio remuxed (not re-encoded) into WebM by ffmpeg.</summary>
    public static byte[] ToWebm(byte[] ogg)
    {
        var folder = Path.Combine(Path.GetTempPath(), "messenger-opus", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        try
        {
            var input = Path.Combine(folder, "in.ogg");
            var output = Path.Combine(folder, "out.webm");
            File.WriteAllBytes(input, ogg);
            using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", ["-loglevel", "error", "-i", input, "-c:a", "copy", output])
            {
                RedirectStandardError = true,
            })!;
            var errors = ffmpeg.StandardError.ReadToEnd();
            ffmpeg.WaitForExit();
            Assert.True(ffmpeg.ExitCode == 0, "ffmpeg failed: " + errors);
            return File.ReadAllBytes(output);
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }
}
