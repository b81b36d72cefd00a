using System.Buffers.Binary;
using Messenger.MediaServer.Rtp.Vp8;

namespace Messenger.MediaServer.Routing;

/// <summary>
/// Reads the frame size from the first packet of a VP8 keyframe (RFC 6386 §9.1: a 3-byte frame tag, the start code
/// 9d 01 2a, then 14-bit width and height, little-endian), so layer choices can use real sizes.
/// </summary>
public static class Vp8KeyframeHeader
{
    public static bool TryReadWidth(ReadOnlySpan<byte> rtpPayload, out int width)
    {
        width = 0;
        return Vp8PayloadDescriptor.TryParse(rtpPayload, out var descriptor) && TryReadWidth(rtpPayload, descriptor, out width);
    }

    /// <summary>The same, for a caller that has already parsed the payload descriptor.</summary>
    public static bool TryReadWidth(ReadOnlySpan<byte> rtpPayload, in Vp8PayloadDescriptor descriptor, out int width)
    {
        width = 0;
        if (!descriptor.IsKeyframeStart(rtpPayload))
        {
            return false;
        }

        var frame = rtpPayload[descriptor.Length..];
        if (frame.Length < 10 || frame[3] != 0x9d || frame[4] != 0x01 || frame[5] != 0x2a)
        {
            return false;
        }

        width = BinaryPrimitives.ReadUInt16LittleEndian(frame[6..]) & 0x3FFF;
        return width > 0;
    }
}
