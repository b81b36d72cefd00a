using Concentus;

namespace Messenger.ChatCore.Attachments;

/// <summary>Duration and waveform of a voice note: peak levels, 0-255 normalised to its loudest bar, as clients draw them.</summary>
public sealed record VoiceInfo(long DurationMs, byte[] Waveform);

/// <summary>
/// Validates a voice note by decoding every Opus packet with Concentus. Decoding (rather than trusting headers) is what
/// proves the file plays, and it yields the exact duration and the peaks for the waveform.
/// </summary>
public static class VoiceNoteAnalyzer
{
    public const int WaveformBars = 64;
    private const int SampleRate = 48_000; // Opus always decodes at 48 kHz here (RFC 7845 section 5.1)
    private const int MaxFrameSamples = 5760; // 120 ms at 48 kHz, the longest Opus packet

    public static (VoiceInfo? Info, string? Error) Analyze(ReadOnlySpan<byte> file, string contentType, TimeSpan maxDuration)
    {
        var packets = new List<byte[]>();
        OpusHead head;
        var error = contentType switch
        {
            ContentSniffer.Ogg => OggOpusReader.TryRead(file, packets, out head),
            ContentSniffer.Webm => WebmOpusReader.TryRead(file, packets, out head),
            _ => Fail("A voice note must be Opus in Ogg or WebM.", out head),
        };
        if (error is not null)
        {
            return (null, error);
        }

        if (head.MappingFamily != 0 || head.Channels > 2)
        {
            return (null, "Only mono or stereo Opus (channel mapping family 0) is accepted for voice notes.");
        }

        var decoder = OpusCodecFactory.CreateDecoder(SampleRate, head.Channels);
        var pcm = new short[MaxFrameSamples * head.Channels];
        var peaks = new List<int>(packets.Count);
        long samples = 0;
        for (var i = 0; i < packets.Count; i++)
        {
            int decoded;
            try
            {
                decoded = decoder.Decode(packets[i], pcm, MaxFrameSamples);
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or IndexOutOfRangeException
                                              or OpusException)
            {
                return (null, $"Opus packet {i} does not decode: {exception.Message}");
            }

            samples += decoded;
            var peak = 0;
            foreach (var sample in pcm.AsSpan(0, decoded * head.Channels))
            {
                peak = Math.Max(peak, Math.Abs((int)sample));
            }

            peaks.Add(peak);
        }

        var durationMs = Math.Max(0, samples - head.PreSkip) * 1000 / SampleRate;
        if (samples == 0)
        {
            return (null, "The voice note holds no audio.");
        }

        return durationMs > maxDuration.TotalMilliseconds
            ? (null, $"A voice note may last at most {maxDuration.TotalMinutes:0} minutes.")
            : (new VoiceInfo(durationMs, Waveform(peaks)), null);
    }

    /// <summary>The packets' peaks folded into <see cref="WaveformBars"/> bars (max per bar), scaled to 0-255.</summary>
    internal static byte[] Waveform(IReadOnlyList<int> peaks)
    {
        var bars = new int[WaveformBars];
        for (var i = 0; i < peaks.Count; i++)
        {
            var bar = (int)((long)i * WaveformBars / peaks.Count);
            bars[bar] = Math.Max(bars[bar], peaks[i]);
        }

        var loudest = Math.Max(1, bars.Max());
        return bars.Select(b => (byte)(b * 255 / loudest)).ToArray();
    }

    private static string Fail(string message, out OpusHead head)
    {
        head = default;
        return message;
    }
}
