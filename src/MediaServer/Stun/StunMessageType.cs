namespace Messenger.MediaServer.Stun;

/// <summary>RFC 8489 §5: the two class bits C1 C0 of the message type.</summary>
public enum StunMessageClass : byte
{
    Request = 0,
    Indication = 1,
    SuccessResponse = 2,
    ErrorResponse = 3,
}

/// <summary>The only STUN method ICE uses (RFC 8489 §18.2).</summary>
public enum StunMethod : ushort
{
    Binding = 0x001,
}

/// <summary>
/// Packs and unpacks the 14-bit message type, where the class bits sit at bit 4 and bit 8 between the
/// method bits (RFC 8489 §5, Figure 3).
/// </summary>
public static class StunMessageType
{
    public const ushort BindingRequest = 0x0001;
    public const ushort BindingIndication = 0x0011;
    public const ushort BindingSuccessResponse = 0x0101;
    public const ushort BindingErrorResponse = 0x0111;

    public static ushort Compose(StunMethod method, StunMessageClass messageClass)
    {
        int m = (int)method;
        int c = (int)messageClass;
        int type = (m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 0x1) << 4) | ((c & 0x2) << 7);
        return (ushort)type;
    }

    public static StunMessageClass GetClass(ushort type) =>
        (StunMessageClass)(((type >> 4) & 0x1) | ((type >> 7) & 0x2));

    public static StunMethod GetMethod(ushort type) =>
        (StunMethod)((type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80));
}
