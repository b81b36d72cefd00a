namespace Messenger.LoadTest.Media;

/// <summary>
/// RFC 7587 §4.2: one Opus packet is one RTP payload, unchanged, and the RTP clock is always 48 kHz. The timestamp
/// advances by the packet's duration, which its TOC byte gives (RFC 6716 §3.1).
/// </summary>
public static class OpusPacketizer
{
    /// <summary>Samples at 48 kHz that one Opus packet covers; 0 when the packet is malformed.</summary>
    public static int DurationSamples(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return 0;
        }

        var config = packet[0] >> 3;
        // RFC 6716 §3.1 table 2: SILK 10/20/40/60 ms, hybrid 10/20 ms, CELT 2.5/5/10/20 ms.
        int frameSamples = config switch
        {
            < 12 => (config & 3) switch { 0 => 480, 1 => 960, 2 => 1920, _ => 2880 },
            < 16 => (config & 1) == 0 ? 480 : 960,
            _ => (config & 3) switch { 0 => 120, 1 => 240, 2 => 480, _ => 960 },
        };
        int frames = (packet[0] & 3) switch
        {
            0 => 1,
            1 or 2 => 2,
            _ => packet.Length > 1 ? packet[1] & 0x3F : 0,
        };
        return frameSamples * frames;
    }
}
