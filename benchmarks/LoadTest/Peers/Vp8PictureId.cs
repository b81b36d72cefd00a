namespace Messenger.LoadTest.Peers;

/// <summary>
/// The 15-bit PictureID at the fixed place our packetiser puts it (RFC 7741 §4.2: X=1, then I=1, then M=1 and the
/// ID in the next 15 bits, so payload bytes 2–3).
/// </summary>
public static class Vp8PictureId
{
    public static bool TryRead(ReadOnlySpan<byte> payload, out int pictureId)
    {
        pictureId = 0;
        if (payload.Length < 4 || (payload[0] & 0x80) == 0 || (payload[1] & 0x80) == 0 || (payload[2] & 0x80) == 0)
        {
            return false;
        }

        pictureId = ((payload[2] & 0x7F) << 8) | payload[3];
        return true;
    }

    /// <summary>Adds <paramref name="offset"/> to the PictureID in place (mod 2^15); false if there is none.</summary>
    public static bool TryAdd(Span<byte> payload, int offset)
    {
        if (!TryRead(payload, out var pictureId))
        {
            return false;
        }

        var shifted = (pictureId + offset) & 0x7FFF;
        payload[2] = (byte)(0x80 | (shifted >> 8));
        payload[3] = (byte)shifted;
        return true;
    }
}
