using System.Buffers.Binary;
using Messenger.ChatCore.Attachments;

namespace Messenger.ChatCore.Tests.Attachments;

public sealed class VoiceNoteAnalyzerTests
{
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(15);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Ogg_opus_gives_duration_and_a_rising_waveform(int channels)
    {
        var ogg = OpusFiles.RampOgg(frames: 100, channels); // 2 s
        var (info, error) = VoiceNoteAnalyzer.Analyze(ogg, ContentSniffer.Sniff(ogg), Max);
        Assert.Null(error);
        Assert.Equal((100 * 960 - OpusFiles.PreSkip) * 1000L / 48_000, info!.DurationMs);
        Assert.Equal(VoiceNoteAnalyzer.WaveformBars, info.Waveform.Length);
        Assert.Equal(255, info.Waveform.Max());
        Assert.True(info.Waveform[0] < 20, $"first bar {info.Waveform[0]}");
        Assert.True(info.Waveform[^1] > 200, $"last bar {info.Waveform[^1]}");
    }

    [Fact]
    public void Webm_opus_remuxed_by_ffmpeg_gives_the_same_result()
    {
        var ogg = OpusFiles.RampOgg(frames: 50);
        var webm = OpusFiles.ToWebm(ogg);
        Assert.Equal(ContentSniffer.Webm, ContentSniffer.Sniff(webm));
        var fromOgg = VoiceNoteAnalyzer.Analyze(ogg, ContentSniffer.Ogg, Max).Info!;
        var (fromWebm, error) = VoiceNoteAnalyzer.Analyze(webm, ContentSniffer.Webm, Max);
        Assert.Null(error);
        Assert.Equal(fromOgg.Waveform, fromWebm!.Waveform);
        Assert.InRange(fromWebm.DurationMs, fromOgg.DurationMs - 10, fromOgg.DurationMs + 10);
    }

    [Fact]
    public void A_corrupted_page_fails_its_crc()
    {
        var ogg = OpusFiles.RampOgg(frames: 5);
        ogg[^3] ^= 0x55;
        var (_, error) = VoiceNoteAnalyzer.Analyze(ogg, ContentSniffer.Ogg, Max);
        Assert.Contains("CRC", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_undecodable_packet_is_refused()
    {
        // TOC code 3 with a frame count of zero is invalid (RFC 6716 section 3.2.5).
        var packets = OpusFiles.EncodeRamp(3, 1);
        packets.Insert(1, [0x03, 0x00]);
        var (_, error) = VoiceNoteAnalyzer.Analyze(OpusFiles.Ogg(packets), ContentSniffer.Ogg, Max);
        Assert.Contains("packet 1 does not decode", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not opus at all", "application/octet-stream")]
    [InlineData("OggS but nothing else", "audio/ogg")]
    public void Other_files_are_refused_with_a_reason(string content, string contentType)
    {
        var (info, error) = VoiceNoteAnalyzer.Analyze(System.Text.Encoding.ASCII.GetBytes(content), contentType, Max);
        Assert.Null(info);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Ogg_vorbis_is_not_a_voice_note()
    {
        var ogg = OpusFiles.RampOgg(frames: 3);
        // Turn the OpusHead magic into something else and fix the page CRC: a valid Ogg of another codec.
        "OpusHeaX"u8.CopyTo(ogg.AsSpan(28));
        var firstPage = ogg.AsSpan(0, 27 + 1 + 19);
        BinaryPrimitives.WriteUInt32LittleEndian(firstPage[22..], OggCrc.Compute(firstPage));
        var (_, error) = VoiceNoteAnalyzer.Analyze(ogg, ContentSniffer.Ogg, Max);
        Assert.Contains("OpusHead", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_long_voice_notes_are_refused()
    {
        var ogg = OpusFiles.RampOgg(frames: 100);
        var (_, error) = VoiceNoteAnalyzer.Analyze(ogg, ContentSniffer.Ogg, TimeSpan.FromSeconds(1));
        Assert.Contains("at most", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x81 }, false, 1UL, 1)]
    [InlineData(new byte[] { 0x40, 0x02 }, false, 2UL, 2)]
    [InlineData(new byte[] { 0x1A, 0x45, 0xDF, 0xA3 }, true, 0x1A45DFA3UL, 4)]
    [InlineData(new byte[] { 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, false, 0xFFFFFFFFFFFFFFUL, 8)]
    public void Ebml_vints_decode(byte[] bytes, bool keepMarker, ulong value, int length)
    {
        Assert.True(WebmOpusReader.TryReadVint(bytes, keepMarker, out var got, out var gotLength));
        Assert.Equal((value, length), (got, gotLength));
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "image/jpeg")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, "image/gif")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "application/pdf")]
    [InlineData(new byte[] { 0x3C, 0x73, 0x63, 0x72, 0x69, 0x70, 0x74, 0x3E }, "application/octet-stream")] // <script>
    [InlineData(new byte[0], "application/octet-stream")]
    public void Content_types_are_sniffed_from_magic_numbers(byte[] head, string expected) =>
        Assert.Equal(expected, ContentSniffer.Sniff(head));
}
