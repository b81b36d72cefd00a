using System.Diagnostics;
using Messenger.ChatCore.Attachments;

namespace Messenger.LoadTest.Media;

/// <summary>
/// The clips publishers send: 720p VP8 and Opus, made once with ffmpeg and cached. With simulcast,
/// <see cref="SimulcastVideo"/> holds three encodings of the same picture, smallest first (rids l, m, h as a
/// browser sends them: quarter, half and full size).
/// </summary>
public sealed record MediaLibrary(TrackScript Video, TrackScript Audio, IReadOnlyList<TrackScript>? SimulcastVideo = null)
{
    /// <summary>The simulcast rids, smallest first, with their size and share of the top layer's bitrate.</summary>
    public static readonly IReadOnlyList<(string Rid, int Width, int Height, int Divisor)> SimulcastLayers =
    [
        ("l", 320, 180, 10),
        ("m", 640, 360, 3),
        ("h", 1280, 720, 1),
    ];

    /// <summary>RTP payload budget per packet, so that header, extension and SRTP tag stay under ~1,200 bytes.</summary>
    public const int MaxPayload = 1_150;

    /// <summary>
    /// Encodes the clips with Debian's ffmpeg unless the cache folder already has them (their names carry the
    /// settings), then reads and packetises them.
    /// </summary>
    public static async Task<MediaLibrary> LoadAsync(string cacheFolder, int videoKbps, bool simulcast, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(cacheFolder);
        var ivf = await VideoClipAsync(cacheFolder, 1280, 720, videoKbps, cancellationToken);
        var ogg = Path.Combine(cacheFolder, "noise-opus-48k.ogg");

        if (!File.Exists(ogg))
        {
            // Pink noise, not a sine, so that no two 20 ms Opus packets are alike (as with speech).
            await FfmpegAsync(ogg,
                "-f lavfi -i anoisesrc=color=pink:amplitude=0.3:sample_rate=48000 -t 20 -ac 2 -c:a libopus -b:a 48k -frame_duration 20 -page_duration 20000 -f ogg",
                cancellationToken);
        }

        var opus = new List<byte[]>();
        var error = OggOpusReader.TryRead(await File.ReadAllBytesAsync(ogg, cancellationToken), opus, out _);
        if (error is not null)
        {
            throw new InvalidDataException($"{ogg}: {error}");
        }

        var video = await ReadVp8Async(ivf, cancellationToken);
        List<TrackScript>? layers = null;
        if (simulcast)
        {
            layers = [];
            foreach (var (_, width, height, divisor) in SimulcastLayers)
            {
                // The top layer is the 720p clip itself (same size and bitrate, so the same cached file).
                var layer = await VideoClipAsync(cacheFolder, width, height, Math.Max(50, videoKbps / divisor), cancellationToken);
                layers.Add(layer == ivf ? video : await ReadVp8Async(layer, cancellationToken));
            }
        }

        return new MediaLibrary(video, TrackScript.FromOpus(opus), layers);
    }

    /// <summary>A 20 s testsrc clip of this size and bitrate (keyframe every 2 s), encoded unless cached.</summary>
    private static async Task<string> VideoClipAsync(string cacheFolder, int width, int height, int kbps, CancellationToken cancellationToken)
    {
        var ivf = Path.Combine(cacheFolder, $"testsrc-{width}x{height}p30-{kbps}k.ivf");
        if (!File.Exists(ivf))
        {
            await FfmpegAsync(ivf,
                $"-f lavfi -i testsrc=size={width}x{height}:rate=30 -t 20 -c:v libvpx -deadline realtime -cpu-used 8 -b:v {kbps}k -maxrate {kbps}k -g 60 -f ivf",
                cancellationToken);
        }

        return ivf;
    }

    private static async Task<TrackScript> ReadVp8Async(string ivf, CancellationToken cancellationToken)
    {
        var frames = new List<IvfFrame>();
        var error = IvfReader.TryRead(await File.ReadAllBytesAsync(ivf, cancellationToken), frames, out var header);
        if (error is not null || header.FourCc != "VP80")
        {
            throw new InvalidDataException($"{ivf}: {error ?? "not VP8: " + header.FourCc}");
        }

        return TrackScript.FromVp8(frames, header, MaxPayload);
    }

    private static async Task FfmpegAsync(string output, string arguments, CancellationToken cancellationToken)
    {
        var partial = output + ".part";
        var start = new ProcessStartInfo("ffmpeg", $"-hide_banner -loglevel error -y {arguments} \"{partial}\"")
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start ffmpeg");
        var stderr = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed ({process.ExitCode}): {stderr}");
        }

        File.Move(partial, output, overwrite: true);
    }
}
