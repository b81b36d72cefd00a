using System.Buffers.Binary;

namespace Messenger.MediaServer.Srtp;

public sealed partial class SrtpContext
{
    /// <summary>
    /// Protects the (compound) RTCP packet in <c>buffer[..length]</c> in place, always encrypting (E = 1), and appends
    /// the E|SRTCP index word and the tag (<see cref="RtcpOverhead"/> bytes). The index counts from 0 per sending
    /// SSRC (RFC 3711 §3.4); after 2^31 packets the keys must be renegotiated.
    /// </summary>
    public SrtpResult ProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if ((uint)length > (uint)buffer.Length)
        {
            return SrtpResult.BufferTooSmall;
        }

        if (length < SrtpPacket.RtcpHeaderLength)
        {
            return SrtpResult.TooShort;
        }

        if (!SrtpPacket.IsVersion2(buffer))
        {
            return SrtpResult.MalformedHeader;
        }

        if (buffer.Length - length < RtcpOverhead)
        {
            return SrtpResult.BufferTooSmall;
        }

        uint ssrc = SrtpPacket.RtcpSenderSsrc(buffer);
        ref SrtpStreamState state = ref _outbound.Find(ssrc, out bool found);
        if (!found)
        {
            if (_outbound.IsFull)
            {
                return SrtpResult.UnknownSsrc;
            }

            state = ref _outbound.Add(ssrc);
        }

        uint index = state.NextSrtcpIndex;
        if (index > SrtpPacket.SrtcpIndexMask)
        {
            return SrtpResult.IndexExhausted;
        }

        _cipher.ProtectRtcp(buffer, length, ssrc, index);
        state.NextSrtcpIndex = index + 1;
        protectedLength = length + RtcpOverhead;
        return SrtpResult.Ok;
    }

    /// <summary>
    /// Verifies and (if E = 1) decrypts the SRTCP packet in place; <paramref name="plainLength"/> is the RTCP length
    /// without index word and tag. Replays are rejected by a window over the explicit SRTCP index (RFC 3711 §3.4,
    /// §3.3.2). Nothing is remembered unless the tag verifies; after <see cref="SrtpResult.AuthFailed"/> the payload
    /// bytes are unspecified.
    /// </summary>
    public SrtpResult UnprotectRtcp(Span<byte> packet, out int plainLength)
    {
        plainLength = 0;
        if (packet.Length < SrtpPacket.RtcpHeaderLength + RtcpOverhead)
        {
            return SrtpResult.TooShort;
        }

        if (!SrtpPacket.IsVersion2(packet))
        {
            return SrtpResult.MalformedHeader;
        }

        // AES-CM puts the index word before the tag (RFC 3711 §3.4), GCM after it (RFC 7714 §9).
        int indexOffset = _aead
            ? packet.Length - SrtpPacket.SrtcpIndexLength
            : packet.Length - _tagLength - SrtpPacket.SrtcpIndexLength;
        uint indexWord = BinaryPrimitives.ReadUInt32BigEndian(packet[indexOffset..]);
        uint index = indexWord & SrtpPacket.SrtcpIndexMask;

        uint ssrc = SrtpPacket.RtcpSenderSsrc(packet);
        ref SrtpStreamState state = ref _inbound.Find(ssrc, out bool found);
        if (found)
        {
            SrtpResult replay = state.Rtcp.Check(index);
            if (replay != SrtpResult.Ok)
            {
                return replay;
            }
        }
        else if (_inbound.IsFull)
        {
            return SrtpResult.UnknownSsrc;
        }

        if (!_cipher.UnprotectRtcp(packet, ssrc, indexWord))
        {
            return SrtpResult.AuthFailed;
        }

        if (!found)
        {
            state = ref _inbound.Add(ssrc);
        }

        state.Rtcp.Accept(index);
        plainLength = packet.Length - RtcpOverhead;
        return SrtpResult.Ok;
    }
}
