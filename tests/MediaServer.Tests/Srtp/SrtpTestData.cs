using System.Buffers.Binary;
using Messenger.MediaServer.Srtp;

namespace Messenger.MediaServer.Tests.Srtp;

internal static class SrtpTestData
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static byte[] MasterKey(SrtpProfile profile, byte seed)
    {
        var key = new byte[profile.MasterKeyLength()];
        for (int i = 0; i < key.Length; i++)
        {
            key[i] = (byte)(seed + (i * 7));
        }

        return key;
    }

    public static byte[] MasterSalt(SrtpProfile profile, byte seed)
    {
        var salt = new byte[profile.MasterSaltLength()];
        for (int i = 0; i < salt.Length; i++)
        {
            salt[i] = (byte)(seed ^ (i * 13));
        }

        return salt;
    }

    public static SrtpContext Context(SrtpProfile profile, byte seed = 1, int maxStreams = SrtpContext.DefaultMaxStreams) =>
        new(profile, MasterKey(profile, seed), MasterSalt(profile, seed), maxStreams);

    /// <summary>An RTP packet (V=2, PT 96) with a payload that depends on the sequence number, in a buffer with spare room.</summary>
    public static byte[] RtpPacket(uint ssrc, ushort sequenceNumber, int payloadLength, out int length, int spare = 64)
    {
        length = 12 + payloadLength;
        var buffer = new byte[length + spare];
        buffer[0] = 0x80;
        buffer[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), sequenceNumber * 960u);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), ssrc);
        for (int i = 12; i < length; i++)
        {
            buffer[i] = (byte)(i + sequenceNumber);
        }

        return buffer;
    }

    /// <summary>A receiver report (PT 201) with one report block from <paramref name="ssrc"/>, with spare room.</summary>
    public static byte[] RtcpPacket(uint ssrc, byte fill, out int length, int spare = 64)
    {
        length = 32;
        var buffer = new byte[length + spare];
        buffer[0] = 0x81;
        buffer[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)((length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), ssrc);
        for (int i = 8; i < length; i++)
        {
            buffer[i] = (byte)(fill + i);
        }

        return buffer;
    }
}
