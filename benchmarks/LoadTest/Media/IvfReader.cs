using System.Buffers.Binary;

namespace Messenger.LoadTest.Media;

/// <summary>One compressed video frame from an IVF file and its presentation time in the file's timebase.</summary>
public sealed record IvfFrame(long Pts, byte[] Data);

/// <summary>The IVF container header: codec FourCC, size and timebase (rate/scale seconds per tick).</summary>
public sealed record IvfHeader(string FourCc, int Width, int Height, int TimebaseDenominator, int TimebaseNumerator);

/// <summary>
/// Reads IVF, the container libvpx and ffmpeg write VP8 into: a 32-byte file header ("DKIF", version, header length,
/// FourCC, width, height, timebase denominator and numerator, frame count) and then frames, each a 12-byte header
/// (little-endian size and 64-bit timestamp) followed by the frame.
/// </summary>
public static class IvfReader
{
    private const int FrameHeaderLength = 12;

    /// <summary>Parses the whole file; null and a reason when it is not IVF or is cut short.</summary>
    public static string? TryRead(ReadOnlySpan<byte> file, List<IvfFrame> frames, out IvfHeader header)
    {
        header = new IvfHeader("", 0, 0, 0, 0);
        if (file.Length < 32 || !file[..4].SequenceEqual("DKIF"u8))
        {
            return "not an IVF file (no DKIF signature)";
        }

        var headerLength = BinaryPrimitives.ReadUInt16LittleEndian(file[6..]);
        if (headerLength < 32 || headerLength > file.Length)
        {
            return $"bad IVF header length {headerLength}";
        }

        header = new IvfHeader(
            System.Text.Encoding.ASCII.GetString(file.Slice(8, 4)),
            BinaryPrimitives.ReadUInt16LittleEndian(file[12..]),
            BinaryPrimitives.ReadUInt16LittleEndian(file[14..]),
            (int)BinaryPrimitives.ReadUInt32LittleEndian(file[16..]),
            (int)BinaryPrimitives.ReadUInt32LittleEndian(file[20..]));
        if (header.TimebaseDenominator <= 0 || header.TimebaseNumerator <= 0)
        {
            return "IVF timebase is zero";
        }

        var position = (int)headerLength;
        while (position < file.Length)
        {
            if (file.Length - position < FrameHeaderLength)
            {
                return $"IVF frame header cut short at byte {position}";
            }

            var size = BinaryPrimitives.ReadUInt32LittleEndian(file[position..]);
            var pts = BinaryPrimitives.ReadInt64LittleEndian(file[(position + 4)..]);
            position += FrameHeaderLength;
            if (size > (uint)(file.Length - position))
            {
                return $"IVF frame of {size} bytes at byte {position} runs past the end";
            }

            frames.Add(new IvfFrame(pts, file.Slice(position, (int)size).ToArray()));
            position += (int)size;
        }

        return null;
    }
}
