namespace Messenger.MediaServer.Srtp;

/// <summary>Key derivation labels (RFC 3711 §4.3.1, §4.3.2).</summary>
public enum SrtpKdfLabel : byte
{
    RtpEncryption = 0x00,
    RtpAuthentication = 0x01,
    RtpSalt = 0x02,
    RtcpEncryption = 0x03,
    RtcpAuthentication = 0x04,
    RtcpSalt = 0x05,
}

/// <summary>
/// The SRTP key derivation function: AES-CM used as a PRF keyed with the master key (RFC 3711 §4.3.1, §4.3.3).
/// RFC 7714 §11 reuses it unchanged for AES-GCM, whose 96-bit master salt is zero-padded to the 112 bits the PRF
/// input needs (as libsrtp does). We only support key_derivation_rate 0, the only value DTLS-SRTP uses
/// (RFC 5764 §4.1.2), so r = index DIV kdr is always 0 and derivation happens once per master key.
/// </summary>
public static class SrtpKeyDerivation
{
    /// <summary>The longest master salt the PRF input holds (112 bits).</summary>
    public const int MaxMasterSaltLength = 14;

    /// <summary>Derives one session key, salt or auth key (any length) for <paramref name="label"/>.</summary>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpKdfLabel label, Span<byte> output)
    {
        using var prf = new AesCounterMode(masterKey);
        Derive(prf, masterSalt, label, output);
    }

    internal static void Derive(AesCounterMode prf, ReadOnlySpan<byte> masterSalt, SrtpKdfLabel label, Span<byte> output)
    {
        if (masterSalt.Length > MaxMasterSaltLength)
        {
            ThrowSaltTooLong();
        }

        // x = (label || r) XOR master_salt, with key_id = label || 48-bit r right-aligned in 112 bits, so the
        // label lands on byte 7 (RFC 3711 §4.3.1). The PRF input block is x * 2^16: the last two bytes count blocks.
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[7] ^= (byte)label;

        output.Clear();
        prf.Transform(iv, output);
    }

    private static void ThrowSaltTooLong() =>
        throw new ArgumentException("The SRTP master salt is at most 112 bits.", "masterSalt");
}
