namespace Messenger.LoadTest.Media;

/// <summary>
/// Splits a VP8 frame into RTP payloads as RFC 7741 §4.2 describes, each starting with the payload descriptor
/// browsers send: X=1 and a 15-bit PictureID (I=1, M=1), S=1 on the frame's first packet, PID 0. Payloads are
/// balanced (equal sizes, ±1 byte) rather than greedy, as libwebrtc does, so no packet is tiny.
/// </summary>
public static class Vp8Packetizer
{
    /// <summary>Bytes of descriptor in front of every payload: X|R|N|S|PID, I|L|T|K, M|PictureID(15).</summary>
    public const int DescriptorLength = 4;

    /// <summary>
    /// Writes the payloads of <paramref name="frame"/> (at most <paramref name="maxPayload"/> bytes each, descriptor
    /// included) into <paramref name="payloads"/>.
    /// </summary>
    public static void Packetize(ReadOnlySpan<byte> frame, ushort pictureId, int maxPayload, List<byte[]> payloads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxPayload, DescriptorLength);
        var room = maxPayload - DescriptorLength;
        var count = Math.Max(1, (frame.Length + room - 1) / room);
        var baseSize = frame.Length / count;
        var remainder = frame.Length % count;
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            var size = baseSize + (i < remainder ? 1 : 0);
            var payload = new byte[DescriptorLength + size];
            payload[0] = (byte)(0x80 | (i == 0 ? 0x10 : 0)); // X, S on the first packet of the partition; PID 0.
            payload[1] = 0x80; // I: PictureID present.
            payload[2] = (byte)(0x80 | ((pictureId >> 8) & 0x7F)); // M: 15-bit PictureID.
            payload[3] = (byte)pictureId;
            frame.Slice(offset, size).CopyTo(payload.AsSpan(DescriptorLength));
            payloads.Add(payload);
            offset += size;
        }
    }

    /// <summary>RFC 6386 §9.1: bit 0 of the frame tag is 0 for a key frame.</summary>
    public static bool IsKeyFrame(ReadOnlySpan<byte> frame) => frame.Length > 0 && (frame[0] & 0x01) == 0;
}
