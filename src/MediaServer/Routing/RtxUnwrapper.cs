using System.Buffers.Binary;
using Messenger.MediaServer.Rtp;

namespace Messenger.MediaServer.Routing;

/// <summary>
/// Turns an RTX packet back into the packet it repairs, in place (RFC 4588 §4): the first two payload bytes are the
/// original sequence number; the SSRC and payload type become the media stream's.
/// </summary>
public static class RtxUnwrapper
{
    public static bool TryUnwrap(RtpPacket rtx, uint mediaSsrc, byte mediaPayloadType, out RtpPacket original)
    {
        original = default;
        if (mediaSsrc == 0 || rtx.PayloadLength < 3)
        {
            return false;
        }

        var buffer = rtx.Buffer;
        var header = rtx.HeaderLength;
        var originalSequence = BinaryPrimitives.ReadUInt16BigEndian(buffer[header..]);
        // Slide payload and padding two bytes left over the OSN field.
        buffer[(header + 2)..].CopyTo(buffer[header..]);
        var unwrapped = buffer[..(buffer.Length - 2)];
        if (RtpPacket.TryParse(unwrapped, out original) != RtpParseResult.Ok)
        {
            return false;
        }

        original.SetSequenceNumber(originalSequence);
        original.SetSsrc(mediaSsrc);
        original.SetPayloadType(mediaPayloadType);
        return true;
    }
}
