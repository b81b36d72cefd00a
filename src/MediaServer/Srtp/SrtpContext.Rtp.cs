namespace Messenger.MediaServer.Srtp;

public sealed partial class SrtpContext
{
    /// <summary>
    /// Protects the RTP packet in <c>buffer[..length]</c> in place and appends the tag, so the buffer needs
    /// <see cref="RtpOverhead"/> spare bytes. The ROC comes from the highest sequence number sent on the SSRC
    /// (RFC 3711 §3.3.1), so a retransmission of an older sequence number gets its original index back.
    /// </summary>
    public SrtpResult ProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if ((uint)length > (uint)buffer.Length)
        {
            return SrtpResult.BufferTooSmall;
        }

        SrtpResult header = SrtpPacket.TryGetRtpHeaderLength(buffer[..length], out int headerLength);
        if (header != SrtpResult.Ok)
        {
            return header;
        }

        if (buffer.Length - length < _tagLength)
        {
            return SrtpResult.BufferTooSmall;
        }

        uint ssrc = SrtpPacket.RtpSsrc(buffer);
        ushort sequenceNumber = SrtpPacket.RtpSequenceNumber(buffer);
        ref SrtpStreamState state = ref _outbound.Find(ssrc, out bool found);
        if (!found)
        {
            if (_outbound.IsFull)
            {
                return SrtpResult.UnknownSsrc;
            }

            state = ref _outbound.Add(ssrc);
        }

        // A new stream starts at ROC 0 (RFC 3711 §3.3.1); afterwards the same estimate as the receiver's gives
        // retransmissions of older sequence numbers their original index.
        ulong index = state.Rtp.IsEmpty ? sequenceNumber : SrtpIndex.Estimate(state.Rtp.Highest, sequenceNumber);

        _cipher.ProtectRtp(buffer, headerLength, length, ssrc, index);
        state.Rtp.Accept(index);
        protectedLength = length + _tagLength;
        return SrtpResult.Ok;
    }

    /// <summary>
    /// Verifies and decrypts the SRTP packet in place; <paramref name="plainLength"/> is the RTP packet length
    /// without the tag. The ROC is estimated per RFC 3711 Appendix A and replays are rejected with a
    /// <see cref="SrtpReplayWindow.Size"/>-packet window (§3.3.2). Nothing is remembered unless the tag verifies.
    /// After <see cref="SrtpResult.AuthFailed"/> the payload bytes are unspecified (AES-GCM zeroes them): drop the packet.
    /// </summary>
    public SrtpResult UnprotectRtp(Span<byte> packet, out int plainLength)
    {
        plainLength = 0;
        if (packet.Length < SrtpPacket.RtpFixedHeaderLength + _tagLength)
        {
            return SrtpResult.TooShort;
        }

        int authenticatedLength = packet.Length - _tagLength;
        SrtpResult header = SrtpPacket.TryGetRtpHeaderLength(packet[..authenticatedLength], out int headerLength);
        if (header != SrtpResult.Ok)
        {
            return header;
        }

        uint ssrc = SrtpPacket.RtpSsrc(packet);
        ushort sequenceNumber = SrtpPacket.RtpSequenceNumber(packet);
        ref SrtpStreamState state = ref _inbound.Find(ssrc, out bool found);
        ulong index;
        if (found && !state.Rtp.IsEmpty)
        {
            index = SrtpIndex.Estimate(state.Rtp.Highest, sequenceNumber);
            SrtpResult replay = state.Rtp.Check(index);
            if (replay != SrtpResult.Ok)
            {
                return replay;
            }
        }
        else
        {
            if (!found && _inbound.IsFull)
            {
                return SrtpResult.UnknownSsrc;
            }

            // First packet of the stream: ROC 0 and s_l = its sequence number (RFC 3711 §3.3.1).
            index = sequenceNumber;
        }

        if (!_cipher.UnprotectRtp(packet, headerLength, ssrc, index))
        {
            return SrtpResult.AuthFailed;
        }

        if (!found)
        {
            state = ref _inbound.Add(ssrc);
        }

        state.Rtp.Accept(index);
        plainLength = authenticatedLength;
        return SrtpResult.Ok;
    }
}
