namespace Messenger.MediaServer.Routing;

/// <summary>
/// Reads an RFC 2198 redundant-audio (RED) payload in place. Each redundant block has a 4-byte header (F bit set,
/// block PT, 14-bit timestamp offset, 10-bit length); the last header is 1 byte (F bit clear, primary PT) and the
/// primary block runs to the end of the payload (RFC 2198 §3).
/// </summary>
internal static class RedPayload
{
    /// <summary>
    /// The outgoing payload type for a packet the publisher sent with <paramref name="packetPayloadType"/>: RED goes
    /// out under the subscriber's red payload type when it has one, else must be stripped (returns true) and goes out
    /// as the subscriber's primary payload type; anything else goes out as the subscriber's primary payload type.
    /// </summary>
    public static bool MapPayloadType(
        byte packetPayloadType, int? publisherRed, byte subscriberPayloadType, byte? subscriberRed, out byte payloadType)
    {
        payloadType = subscriberPayloadType;
        if (publisherRed != packetPayloadType)
        {
            return false;
        }

        if (subscriberRed is { } red)
        {
            payloadType = red;
            return false;
        }

        return true;
    }

    private const int RedundantHeaderLength = 4;

    /// <summary>
    /// Finds the primary block: its offset inside <paramref name="payload"/> and its payload type. False when the
    /// headers or the redundant block lengths run past the end (a malformed or truncated packet, to be dropped).
    /// </summary>
    public static bool TryFindPrimary(ReadOnlySpan<byte> payload, out int primaryOffset, out byte primaryPayloadType)
    {
        primaryOffset = 0;
        primaryPayloadType = 0;
        var index = 0;
        var redundantBytes = 0;
        while (index < payload.Length)
        {
            var first = payload[index];
            if ((first & 0x80) == 0)
            {
                var offset = index + 1 + redundantBytes;
                if (offset > payload.Length)
                {
                    return false;
                }

                primaryOffset = offset;
                primaryPayloadType = (byte)(first & 0x7F);
                return true;
            }

            if (index + RedundantHeaderLength > payload.Length)
            {
                return false;
            }

            // RFC 2198 §3: block length is the low 10 bits of the last two header bytes.
            redundantBytes += ((payload[index + 2] & 0x03) << 8) | payload[index + 3];
            index += RedundantHeaderLength;
        }

        return false;
    }

    /// <summary>
    /// Rewrites an RTP packet held in <paramref name="packet"/> (header of <paramref name="headerLength"/> bytes) so
    /// its payload is only the primary block, moving the tail (primary block and any padding) down in place.
    /// Returns the new packet length, or -1 when the RED payload is malformed.
    /// </summary>
    public static int StripToPrimary(Span<byte> packet, int headerLength, int payloadLength, out byte primaryPayloadType)
    {
        if (!TryFindPrimary(packet.Slice(headerLength, payloadLength), out var offset, out primaryPayloadType))
        {
            return -1;
        }

        var start = headerLength + offset;
        packet[start..].CopyTo(packet[headerLength..]);
        return packet.Length - offset;
    }
}
