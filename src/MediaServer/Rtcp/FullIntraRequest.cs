using System.Buffers.Binary;

namespace Messenger.MediaServer.Rtcp;

/// <summary>One FIR FCI entry: the SSRC asked for a decoder refresh and the command sequence number.</summary>
public readonly record struct FirEntry(uint Ssrc, byte SequenceNumber);

/// <summary>
/// FIR (PT=206, FMT=4, RFC 5104 §4.3.1). Media source SSRC is unused and 0; each 8-byte FCI entry is
/// SSRC, command sequence number (8 bits, incremented per new request, §4.3.1.2) and 24 reserved bits.
/// </summary>
public readonly ref struct FullIntraRequest
{
    private const int EntrySize = 8;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly ReadOnlySpan<byte> _fci;

    private FullIntraRequest(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> fci)
    {
        _packet = packet;
        _fci = fci;
    }

    public uint SenderSsrc => FeedbackHeader.ReadSenderSsrc(_packet);

    public int EntryCount => _fci.Length / EntrySize;

    public FirEntry GetEntry(int index)
    {
        var entry = _fci.Slice(index * EntrySize);
        return new FirEntry(BinaryPrimitives.ReadUInt32BigEndian(entry), entry[4]);
    }

    public static RtcpParseResult TryParse(ReadOnlySpan<byte> packet, out FullIntraRequest fir)
    {
        fir = default;
        var result = FeedbackHeader.TryGetFci(
            packet, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.FullIntraRequest, out var fci);
        if (result != RtcpParseResult.Ok)
        {
            return result;
        }

        if (fci.Length < EntrySize)
        {
            return RtcpParseResult.BadLength;
        }

        fir = new FullIntraRequest(packet, fci);
        return RtcpParseResult.Ok;
    }

    public static int GetLength(int entryCount) => FeedbackHeader.Size + (entryCount * EntrySize);

    public static bool TryWrite(Span<byte> destination, uint senderSsrc, ReadOnlySpan<FirEntry> entries, out int written)
    {
        written = 0;
        var length = GetLength(entries.Length);
        if (entries.IsEmpty || destination.Length < length)
        {
            return false;
        }

        FeedbackHeader.Write(
            destination, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.FullIntraRequest, length, senderSsrc, 0);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = destination.Slice(FeedbackHeader.Size + (i * EntrySize), EntrySize);
            BinaryPrimitives.WriteUInt32BigEndian(entry, entries[i].Ssrc);
            entry[4] = entries[i].SequenceNumber;
            entry.Slice(5).Clear();
        }

        written = length;
        return true;
    }
}
