namespace Messenger.MediaServer.Srtp;

/// <summary>The 48-bit SRTP packet index i = 2^16 * ROC + SEQ (RFC 3711 §3.3.1).</summary>
internal static class SrtpIndex
{
    /// <summary>
    /// Guesses the index of a packet with sequence number <paramref name="sequenceNumber"/> relative to the highest
    /// index seen so far (RFC 3711 Appendix A): a sequence number more than half the space behind s_l belongs to the
    /// next ROC, one more than half ahead to the previous ROC. Returns false when the guess would be ROC -1, i.e. the
    /// packet predates the first one of the stream.
    /// </summary>
    public static bool TryEstimate(ulong highestIndex, ushort sequenceNumber, out ulong index)
    {
        long rolloverCounter = (long)(highestIndex >> 16);
        int highestSequence = (ushort)highestIndex;
        long guess;
        if (highestSequence < 32768)
        {
            guess = sequenceNumber - highestSequence > 32768 ? rolloverCounter - 1 : rolloverCounter;
        }
        else
        {
            guess = highestSequence - 32768 > sequenceNumber ? rolloverCounter + 1 : rolloverCounter;
        }

        if (guess < 0)
        {
            index = 0;
            return false;
        }

        index = ((ulong)guess << 16) | sequenceNumber;
        return true;
    }

    public static uint RolloverCounter(ulong index) => (uint)(index >> 16);
}
