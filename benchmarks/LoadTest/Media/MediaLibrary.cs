using System.Diagnostics;
using Messenger.ChatCore.Attachments;

namespace Messenger.LoadTest.Media;

/// <summary>The clips publishers send: 720p VP8 and Opus, made once with ffmpeg and cached.</summary>
public sealed record MediaLibrary(TrackScript Video, TrackScript Audio)
{
    /// <summary>RTP payload budget per packet, so that header, extension and SRTP tag stay under ~1,200 bytes.</summary>
    public const int MaxPayload = 1_150;

    /// <summary>
    /// Encodes the clips with Debian's ffmpeg unless the cache folder already has them (their names carry the
    /// settings), then reads and packetises them.
    /// </summary>
    public static async Task<MediaLibrary> LoadAsync(string cacheFolder, int videoKbps, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(cacheFolder);
        var ivf = Path.Combine(cacheFolder, $"testsrc-720p30-{videoKbps}k.ivf");
        var ogg = Path.Combine(cacheFolder, "noise-opus-48k.ogg");
        if (!File.Exists(ivf))
        {
            await FfmpegAsync(ivf,
                $"-f lavfi -i testsrc=size=1280x720:rate=30 -t 20 -c:v libvpx -deadline realtime -cpu-used 8 -b:v {videoKbps}k -maxrate {videoKbps}k -g 60 -f ivf",
                cancellationToken);
        }

        if (!File.Exists(ogg))
        {
            // Pink noise, not a sine, so that no two 20 ms Opus packets are alike (as with speech).
            await FfmpegAsync(ogg,
                "-f lavfi -i anoisesrc=color=pink:amplitude=0.3:sample_rate=48000 -t 20 -ac 2 -c:a libopus -b:a 48k -frame_duration 20 -page_duration 20000 -f ogg",
                cancellationToken);
        }

        var frames = new List<IvfFrame>();
        var error = IvfReader.TryRead(await File.ReadAllBytesAsync(ivf, cancellationToken), frames, out var header);
        if (error is not null || header.FourCc != "VP80")
        {
            throw new InvalidDataException($"{ivf}: {error ?? "not VP8: " + header.FourCc}");
        }

        var opus = new List<byte[]>();
        error = OggOpusReader.TryRead(await File.ReadAllBytesAsync(ogg, cancellationToken), opus, out _);
        if (error is not null)
        {
            throw new InvalidDataException($"{ogg}: {error}");
        }

        return new MediaLibrary(TrackScript.FromVp8(frames, header, MaxPayload), TrackScript.FromOpus(opus));
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
