namespace Messenger.MediaServer.Stun;

/// <summary>Fixed numbers of the STUN wire format (RFC 8489 §5, §14.5, §14.7).</summary>
public static class StunConstants
{
    /// <summary>RFC 8489 §5: the fixed magic cookie that follows the message length.</summary>
    public const uint MagicCookie = 0x2112A442;

    /// <summary>RFC 8489 §5: 2 bytes type, 2 bytes length, 4 bytes cookie, 12 bytes transaction id.</summary>
    public const int HeaderLength = 20;

    public const int TransactionIdLength = 12;

    public const int AttributeHeaderLength = 4;

    /// <summary>RFC 8489 §14.5: HMAC-SHA1 output length.</summary>
    public const int MessageIntegrityLength = 20;

    /// <summary>RFC 8489 §14.7: the CRC-32 is XOR-ed with this so STUN cannot be mistaken for other CRC-32 users.</summary>
    public const uint FingerprintXor = 0x5354554E;

    public const int FingerprintLength = 4;

    /// <summary>RFC 8489 §14.3: USERNAME is at most 513 bytes.</summary>
    public const int MaxUsernameLength = 513;
}
