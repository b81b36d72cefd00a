using System.Buffers.Binary;

namespace Messenger.MediaServer.Rtp;

/// <summary>Decoders and in-place encoders for the values of well-known header extensions.</summary>
public static class RtpExtensionValues
{
    public const int AbsSendTimeLength = 3;
    public const int TransportSequenceLength = 2;
    public const int AudioLevelLength = 1;

    /// <summary>abs-send-time: 24-bit, 6.18 fixed-point seconds, big-endian.</summary>
    public static bool TryReadAbsSendTime(ReadOnlySpan<byte> value, out uint absSendTime)
    {
        if (value.Length < AbsSendTimeLength)
        {
            absSendTime = 0;
            return false;
        }

        absSendTime = ((uint)value[0] << 16) | ((uint)value[1] << 8) | value[2];
        return true;
    }

    public static bool TryWriteAbsSendTime(Span<byte> value, uint absSendTime)
    {
        if (value.Length < AbsSendTimeLength)
        {
            return false;
        }

        value[0] = (byte)(absSendTime >> 16);
        value[1] = (byte)(absSendTime >> 8);
        value[2] = (byte)absSendTime;
        return true;
    }

    /// <summary>
    /// abs-send-time from a 64-bit NTP timestamp: the low 6 bits of seconds and top 18 bits of the fraction.
    /// </summary>
    public static uint AbsSendTimeFromNtp(ulong ntpTimestamp) => (uint)(ntpTimestamp >> 14) & 0x00FF_FFFF;

    /// <summary>abs-send-time from microseconds on any clock (only differences matter to the receiver).</summary>
    public static uint AbsSendTimeFromMicroseconds(long microseconds) =>
        (uint)(((ulong)microseconds << 18) / 1_000_000UL) & 0x00FF_FFFF;

    /// <summary>Transport-wide sequence number: 16-bit big-endian (draft-holmer-...-01 §2).</summary>
    public static bool TryReadTransportSequence(ReadOnlySpan<byte> value, out ushort sequenceNumber)
    {
        if (value.Length < TransportSequenceLength)
        {
            sequenceNumber = 0;
            return false;
        }

        sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(value);
        return true;
    }

    public static bool TryWriteTransportSequence(Span<byte> value, ushort sequenceNumber) =>
        value.Length >= TransportSequenceLength
        && BinaryPrimitives.TryWriteUInt16BigEndian(value, sequenceNumber);

    /// <summary>RFC 6464 §3: V flag (voice activity) in the top bit, level in -dBov (0..127) below it.</summary>
    public static bool TryReadAudioLevel(ReadOnlySpan<byte> value, out bool voiceActivity, out byte level)
    {
        if (value.Length < AudioLevelLength)
        {
            voiceActivity = false;
            level = 0;
            return false;
        }

        voiceActivity = (value[0] & 0x80) != 0;
        level = (byte)(value[0] & 0x7F);
        return true;
    }

    public static byte EncodeAudioLevel(bool voiceActivity, byte level) =>
        (byte)((voiceActivity ? 0x80 : 0) | (level & 0x7F));
}
