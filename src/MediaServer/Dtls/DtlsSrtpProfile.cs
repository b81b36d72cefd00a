namespace Messenger.MediaServer.Dtls;

/// <summary>
/// SRTP protection profiles negotiated through the DTLS use_srtp extension and the sizes of the keying material
/// each one needs. The exporter output (RFC 5764 §4.2) is laid out as
/// client_write_key | server_write_key | client_write_salt | server_write_salt.
/// </summary>
public static class DtlsSrtpProfile
{
    /// <summary>RFC 5764 §4.1.2: AES-128 counter mode, HMAC-SHA1 with an 80-bit tag.</summary>
    public const ushort Aes128CmHmacSha1_80 = 0x0001;

    /// <summary>RFC 5764 §4.1.2: AES-128 counter mode, HMAC-SHA1 with a 32-bit tag.</summary>
    public const ushort Aes128CmHmacSha1_32 = 0x0002;

    /// <summary>RFC 7714 §14.2: AEAD AES-128-GCM.</summary>
    public const ushort AeadAes128Gcm = 0x0007;

    /// <summary>RFC 7714 §14.2: AEAD AES-256-GCM.</summary>
    public const ushort AeadAes256Gcm = 0x0008;

    /// <summary>Our default preference: GCM first (cheaper per packet, no separate MAC), CM_HMAC_SHA1_80 as the
    /// profile every WebRTC peer must support (RFC 8827 §6.5).</summary>
    public static ReadOnlySpan<ushort> DefaultPreference => [AeadAes128Gcm, Aes128CmHmacSha1_80];

    /// <summary>Master key and master salt lengths in bytes, or false for a profile we do not know.</summary>
    public static bool TryGetLengths(ushort profile, out int keyLength, out int saltLength)
    {
        switch (profile)
        {
            case Aes128CmHmacSha1_80:
            case Aes128CmHmacSha1_32:
                // RFC 5764 §4.1.2: cipher_key_length 128 bits, cipher_salt_length 112 bits.
                keyLength = 16;
                saltLength = 14;
                return true;
            case AeadAes128Gcm:
                // RFC 7714 §12: 128-bit key, 96-bit salt.
                keyLength = 16;
                saltLength = 12;
                return true;
            case AeadAes256Gcm:
                keyLength = 32;
                saltLength = 12;
                return true;
            default:
                keyLength = 0;
                saltLength = 0;
                return false;
        }
    }

    /// <summary>Total exporter output length: 2 * (key + salt), RFC 5764 §4.2.</summary>
    public static int KeyingMaterialLength(ushort profile) =>
        TryGetLengths(profile, out int key, out int salt) ? 2 * (key + salt) : 0;

    /// <summary>
    /// The server's choice (RFC 5764 §4.1.2): the first profile in our preference order that the client offered.
    /// Returns false when there is none in common.
    /// </summary>
    public static bool TrySelect(ReadOnlySpan<ushort> ourPreference, ReadOnlySpan<int> offered, out ushort selected)
    {
        foreach (ushort candidate in ourPreference)
        {
            foreach (int offer in offered)
            {
                if (offer == candidate)
                {
                    selected = candidate;
                    return true;
                }
            }
        }

        selected = 0;
        return false;
    }
}
