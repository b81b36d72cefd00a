using System.Buffers.Binary;

namespace Messenger.MediaServer.Rtcp;

/// <summary>BYE (PT=203, RFC 3550 §6.6): SC source identifiers and an optional length-prefixed reason.</summary>
public readonly ref struct Goodbye
{
    private readonly ReadOnlySpan<byte> _body;

    private Goodbye(ReadOnlySpan<byte> body, int sourceCount, ReadOnlySpan<byte> reason)
    {
        _body = body;
        SourceCount = sourceCount;
        Reason = reason;
    }

    public int SourceCount { get; }

    /// <summary>The reason text (UTF-8), empty when absent.</summary>
    public ReadOnlySpan<byte> Reason { get; }

    public uint GetSsrc(int index) => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(index * 4));

    public static RtcpParseResult TryParse(ReadOnlySpan<byte> packet, out Goodbye goodbye)
    {
        goodbye = default;
        var result = RtcpHeader.TryGetBody(packet, RtcpPacketType.Goodbye, out var header, out var body);
        if (result != RtcpParseResult.Ok)
        {
            return result;
        }

        var ssrcBytes = header.Count * 4;
        if (body.Length < ssrcBytes)
        {
            return RtcpParseResult.BadLength;
        }

        ReadOnlySpan<byte> reason = default;
        // A reason is present when bytes remain and the first of them is a non-zero length (§6.6).
        if (body.Length > ssrcBytes && body[ssrcBytes] != 0)
        {
            var length = body[ssrcBytes];
            if (ssrcBytes + 1 + length > body.Length)
            {
                return RtcpParseResult.Malformed;
            }

            reason = body.Slice(ssrcBytes + 1, length);
        }

        goodbye = new Goodbye(body, header.Count, reason);
        return RtcpParseResult.Ok;
    }

    public static int GetLength(int sourceCount, int reasonLength) =>
        RtcpHeader.Size + (sourceCount * 4) + (reasonLength == 0 ? 0 : (1 + reasonLength + 3) & ~3);

    public static bool TryWrite(
        Span<byte> destination, ReadOnlySpan<uint> ssrcs, ReadOnlySpan<byte> reason, out int written)
    {
        written = 0;
        var length = GetLength(ssrcs.Length, reason.Length);
        if (ssrcs.Length > 31 || reason.Length > 255 || destination.Length < length)
        {
            return false;
        }

        RtcpHeader.Write(destination, (byte)ssrcs.Length, RtcpPacketType.Goodbye, length);
        var position = RtcpHeader.Size;
        foreach (var ssrc in ssrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(position), ssrc);
            position += 4;
        }

        if (!reason.IsEmpty)
        {
            destination[position] = (byte)reason.Length;
            reason.CopyTo(destination.Slice(position + 1));
            destination.Slice(position + 1 + reason.Length, length - position - 1 - reason.Length).Clear();
        }

        written = length;
        return true;
    }
}
