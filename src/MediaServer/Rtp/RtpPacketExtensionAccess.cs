namespace Messenger.MediaServer.Rtp;

/// <summary>
/// Typed access to the negotiated extensions of a packet. Each call is one walk of the extension block and
/// allocates nothing; mid/rid come back as ASCII bytes aliasing the packet (RFC 8852 §3: SDES item text).
/// </summary>
public static class RtpPacketExtensionAccess
{
    public static bool TryGetMid(this RtpPacket packet, RtpExtensionMap map, out ReadOnlySpan<byte> mid) =>
        TryGetText(packet, map.Mid, out mid);

    public static bool TryGetRid(this RtpPacket packet, RtpExtensionMap map, out ReadOnlySpan<byte> rid) =>
        TryGetText(packet, map.Rid, out rid);

    public static bool TryGetRepairedRid(this RtpPacket packet, RtpExtensionMap map, out ReadOnlySpan<byte> rid) =>
        TryGetText(packet, map.RepairedRid, out rid);

    public static bool TryGetAbsSendTime(this RtpPacket packet, RtpExtensionMap map, out uint absSendTime)
    {
        absSendTime = 0;
        return map.AbsSendTime != 0
            && packet.TryGetExtension(map.AbsSendTime, out var value)
            && RtpExtensionValues.TryReadAbsSendTime(value, out absSendTime);
    }

    public static bool TryGetTransportSequence(this RtpPacket packet, RtpExtensionMap map, out ushort sequenceNumber)
    {
        sequenceNumber = 0;
        return map.TransportWideCc != 0
            && packet.TryGetExtension(map.TransportWideCc, out var value)
            && RtpExtensionValues.TryReadTransportSequence(value, out sequenceNumber);
    }

    public static bool TryGetAudioLevel(
        this RtpPacket packet, RtpExtensionMap map, out bool voiceActivity, out byte level)
    {
        voiceActivity = false;
        level = 0;
        return map.AudioLevel != 0
            && packet.TryGetExtension(map.AudioLevel, out var value)
            && RtpExtensionValues.TryReadAudioLevel(value, out voiceActivity, out level);
    }

    /// <summary>
    /// Rewrites an existing transport-wide sequence element. An SFU renumbers per outgoing transport, so the
    /// element must already be present (the writer or the sender reserved it); nothing is inserted.
    /// </summary>
    public static bool TrySetTransportSequence(this RtpPacket packet, RtpExtensionMap map, ushort sequenceNumber) =>
        map.TransportWideCc != 0
        && packet.TryGetExtension(map.TransportWideCc, out var value)
        && RtpExtensionValues.TryWriteTransportSequence(value, sequenceNumber);

    /// <summary>Rewrites an existing abs-send-time element with the time the packet really leaves us.</summary>
    public static bool TrySetAbsSendTime(this RtpPacket packet, RtpExtensionMap map, uint absSendTime) =>
        map.AbsSendTime != 0
        && packet.TryGetExtension(map.AbsSendTime, out var value)
        && RtpExtensionValues.TryWriteAbsSendTime(value, absSendTime);

    private static bool TryGetText(RtpPacket packet, byte id, out ReadOnlySpan<byte> text)
    {
        if (id != 0 && packet.TryGetExtension(id, out var value))
        {
            text = value;
            return true;
        }

        text = default;
        return false;
    }
}
