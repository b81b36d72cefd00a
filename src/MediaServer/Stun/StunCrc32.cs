namespace Messenger.MediaServer.Stun;

/// <summary>
/// CRC-32 as used by ISO 3309 / ITU-T V.42 / zlib (reflected polynomial 0xEDB88320), which RFC 8489 §14.7
/// names for FINGERPRINT. The CPU's CRC32 instruction computes CRC-32C, a different polynomial, so a table
/// is used. System.IO.Hashing is a separate package and not referenced.
/// </summary>
internal static class StunCrc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint[] table = Table;
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
