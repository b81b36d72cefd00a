namespace Messenger.LoadTest.Media;

/// <summary>One RTP payload ready to send, at <see cref="SendAtMicros"/> after the clip starts.</summary>
public sealed record ScriptedPacket(long SendAtMicros, uint RtpTimestamp, bool Marker, byte[] Payload);

/// <summary>
/// A whole clip already packetised: publishers loop over it, adding one clip length to the send time and the RTP
/// timestamp on each pass, so nothing is encoded or split during a run.
/// </summary>
public sealed record TrackScript(string Kind, int ClockRate, long DurationMicros, IReadOnlyList<ScriptedPacket> Packets)
{
    public uint DurationTicks => (uint)(DurationMicros * ClockRate / 1_000_000);

    /// <summary>Average media bitrate of the clip, RTP payloads only.</summary>
    public double PayloadBitsPerSecond => Packets.Sum(p => (double)p.Payload.Length) * 8 * 1_000_000 / DurationMicros;

    public static TrackScript FromVp8(IReadOnlyList<IvfFrame> frames, IvfHeader header, int maxPayload)
    {
        var packets = new List<ScriptedPacket>();
        var payloads = new List<byte[]>();
        ushort pictureId = 0;
        foreach (var frame in frames)
        {
            // IVF time is pts * numerator / denominator seconds; VP8 RTP runs at 90 kHz (RFC 7741 §4.1).
            var micros = frame.Pts * header.TimebaseNumerator * 1_000_000 / header.TimebaseDenominator;
            var ticks = (uint)(frame.Pts * header.TimebaseNumerator * 90_000 / header.TimebaseDenominator);
            payloads.Clear();
            Vp8Packetizer.Packetize(frame.Data, pictureId, maxPayload, payloads);
            pictureId = (ushort)((pictureId + 1) & 0x7FFF);
            for (var i = 0; i < payloads.Count; i++)
            {
                // The marker bit closes the frame (RFC 7741 §4.1).
                packets.Add(new ScriptedPacket(micros, ticks, i == payloads.Count - 1, payloads[i]));
            }
        }

        var frameMicros = (long)header.TimebaseNumerator * 1_000_000 / header.TimebaseDenominator;
        var duration = frames.Count == 0 ? frameMicros : (frames[^1].Pts * header.TimebaseNumerator * 1_000_000 / header.TimebaseDenominator) + frameMicros;
        return new TrackScript("video", 90_000, duration, packets);
    }

    public static TrackScript FromOpus(IReadOnlyList<byte[]> opusPackets)
    {
        var packets = new List<ScriptedPacket>(opusPackets.Count);
        long samples = 0;
        foreach (var packet in opusPackets)
        {
            var duration = OpusPacketizer.DurationSamples(packet);
            if (duration == 0)
            {
                continue;
            }

            // RFC 7587 §4.2: the marker bit is for the first packet after silence (DTX); continuous audio has none.
            packets.Add(new ScriptedPacket(samples * 1_000_000 / 48_000, (uint)samples, false, packet));
            samples += duration;
        }

        return new TrackScript("audio", 48_000, Math.Max(1, samples * 1_000_000 / 48_000), packets);
    }
}
