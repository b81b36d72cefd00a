namespace Messenger.MediaServer.Srtp;

/// <summary>
/// The SRTP protection profiles we negotiate in the DTLS use_srtp extension. The numeric value of each member is its
/// DTLS-SRTP protection profile id (RFC 5764 §4.1.2, RFC 7714 §14.2), so a profile read off the wire maps directly.
/// </summary>
public enum SrtpProfile : ushort
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80: AES-128 counter mode + HMAC-SHA1 truncated to 80 bits (RFC 3711).</summary>
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM: AES-128-GCM with a 16-byte tag (RFC 7714).</summary>
    AeadAes128Gcm = 0x0007,
}

/// <summary>Key, salt and tag lengths of each <see cref="SrtpProfile"/>.</summary>
public static class SrtpProfileExtensions
{
    /// <summary>The DTLS-SRTP protection profile id of the profile (RFC 5764 §4.1.2).</summary>
    public static ushort DtlsProfileId(this SrtpProfile profile) => (ushort)profile;

    /// <summary>Maps a DTLS-SRTP protection profile id to a profile we implement.</summary>
    public static bool TryFromDtlsProfileId(ushort id, out SrtpProfile profile)
    {
        switch (id)
        {
            case (ushort)SrtpProfile.Aes128CmHmacSha1_80:
                profile = SrtpProfile.Aes128CmHmacSha1_80;
                return true;
            case (ushort)SrtpProfile.AeadAes128Gcm:
                profile = SrtpProfile.AeadAes128Gcm;
                return true;
            default:
                profile = default;
                return false;
        }
    }

    /// <summary>Master (and session) encryption key length in bytes: both profiles use AES-128.</summary>
    public static int MasterKeyLength(this SrtpProfile profile)
    {
        Validate(profile);
        return 16;
    }

    /// <summary>Master (and session) salt length: 112 bits for AES-CM (RFC 3711 §8.2), 96 bits for GCM (RFC 7714 §12).</summary>
    public static int MasterSaltLength(this SrtpProfile profile) => Validate(profile) switch
    {
        SrtpProfile.AeadAes128Gcm => 12,
        _ => 14,
    };

    /// <summary>Session authentication key length: 160 bits for HMAC-SHA1 (RFC 3711 §8.2); GCM has none.</summary>
    public static int SessionAuthKeyLength(this SrtpProfile profile) => Validate(profile) switch
    {
        SrtpProfile.AeadAes128Gcm => 0,
        _ => 20,
    };

    /// <summary>Authentication tag length: 80 bits for HMAC-SHA1-80, 128 bits for AEAD_AES_128_GCM.</summary>
    public static int AuthTagLength(this SrtpProfile profile) => Validate(profile) switch
    {
        SrtpProfile.AeadAes128Gcm => 16,
        _ => 10,
    };

    /// <summary>Whether the profile is an AEAD (RFC 7714) rather than encrypt-then-MAC (RFC 3711).</summary>
    public static bool IsAead(this SrtpProfile profile) => Validate(profile) == SrtpProfile.AeadAes128Gcm;

    /// <summary>Bytes SRTP adds to an RTP packet (the tag; we never use an MKI).</summary>
    public static int RtpOverhead(this SrtpProfile profile) => profile.AuthTagLength();

    /// <summary>Bytes SRTCP adds to an RTCP packet: the E|SRTCP index word plus the tag (RFC 3711 §3.4).</summary>
    public static int RtcpOverhead(this SrtpProfile profile) => profile.AuthTagLength() + SrtpPacket.SrtcpIndexLength;

    private static SrtpProfile Validate(SrtpProfile profile)
    {
        if (profile is not (SrtpProfile.Aes128CmHmacSha1_80 or SrtpProfile.AeadAes128Gcm))
        {
            ThrowUnknownProfile(profile);
        }

        return profile;
    }

    private static void ThrowUnknownProfile(SrtpProfile profile) =>
        throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP protection profile.");
}
