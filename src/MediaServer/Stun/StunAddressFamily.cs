namespace Messenger.MediaServer.Stun;

/// <summary>Family byte of (XOR-)MAPPED-ADDRESS (RFC 8489 §14.1).</summary>
internal static class StunAddressFamily
{
    public const byte IPv4 = 0x01;
    public const byte IPv6 = 0x02;
}
