namespace Messenger.MediaServer.Srtp;

/// <summary>The 48-bit SRTP packet index i = 2^16 * ROC + SEQ (RFC 3711 §3.3.1).</summary>
internal static class SrtpIndex
{
    /// <summary>
    /// Guesses the index of a packet with sequence number <paramref name="sequenceNumber"/> relative to the highest
    /// index seen so far (RFC 3711 Appendix A): a sequence number more than half the space behind s_l belongs to the
    /// next ROC, one more than half ahead to the previous ROC.
    /// </summary>
    /// <remarks>
    /// While the ROC is 0 the "previous ROC" would be -1, a packet from before the stream began. A sender at ROC 0
    /// protects such a jump with ROC 0 (libsrtp does the same while its index is at most 2^15), so we guess ROC 0 and
    /// the packet counts as a jump forward; guessing anything else would fail authentication on every such packet.
    /// </remarks>
    public static ulong Estimate(ulong highestIndex, ushort sequenceNumber)
    {
        ulong rolloverCounter = highestIndex >> 16;
        int highestSequence = (ushort)highestIndex;
        ulong guess = rolloverCounter;
        if (highestSequence < 32768)
        {
            if (sequenceNumber - highestSequence > 32768 && rolloverCounter > 0)
            {
                guess = rolloverCounter - 1;
            }
        }
        else if (highestSequence - 32768 > sequenceNumber)
        {
            guess = rolloverCounter + 1;
        }

        return (guess << 16) | sequenceNumber;
    }

    public static uint RolloverCounter(ulong index) => (uint)(index >> 16);
}
