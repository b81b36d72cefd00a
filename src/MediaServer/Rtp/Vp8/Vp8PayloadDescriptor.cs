namespace Messenger.MediaServer.Rtp.Vp8;

/// <summary>
/// The VP8 payload descriptor at the start of every VP8 RTP payload (RFC 7741 §4.2):
/// <code>
///   X|R|N|S|R|PID      required
///   I|L|T|K|RSV        if X
///   M|PictureID(7)     if I, one more PictureID byte if M
///   TL0PICIDX          if L
///   TID|Y|KEYIDX       if T or K
/// </code>
/// Parsed in place; offsets are kept so a forwarder can rewrite PictureID, TL0PICIDX and KEYIDX
/// (LiveKit "codecmunger", mediasoup "Vp8 EncodingContext") without moving any byte.
/// </summary>
public readonly struct Vp8PayloadDescriptor
{
    private const int Absent = -1;

    public bool Extended { get; private init; }

    /// <summary>N: the frame can be discarded without affecting others.</summary>
    public bool NonReference { get; private init; }

    /// <summary>S: this packet starts a VP8 partition.</summary>
    public bool StartOfPartition { get; private init; }

    /// <summary>PID: the partition index (0-7).</summary>
    public byte PartitionIndex { get; private init; }

    public bool HasPictureId { get; private init; }

    /// <summary>M: PictureID is 15 bits wide (else 7). Rewrites keep this width.</summary>
    public bool HasLongPictureId { get; private init; }

    public ushort PictureId { get; private init; }

    public bool HasTl0PicIdx { get; private init; }

    public byte Tl0PicIdx { get; private init; }

    public bool HasTid { get; private init; }

    /// <summary>TID: temporal layer index (0-3); only meaningful when <see cref="HasTid"/>.</summary>
    public byte TemporalLayerId { get; private init; }

    /// <summary>Y: layer sync bit; only meaningful when <see cref="HasTid"/>.</summary>
    public bool LayerSync { get; private init; }

    public bool HasKeyIdx { get; private init; }

    public byte KeyIdx { get; private init; }

    /// <summary>Descriptor size in bytes; the VP8 payload (RFC 7741 §4.3) starts here.</summary>
    public int Length { get; private init; }

    private int PictureIdOffset { get; init; }

    private int Tl0PicIdxOffset { get; init; }

    private int TidKeyIdxOffset { get; init; }

    /// <summary>Parses the descriptor; false when the payload ends inside it. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        var b0 = payload[0];
        var extended = (b0 & 0x80) != 0;
        var position = 1;
        var pictureIdOffset = Absent;
        var tl0Offset = Absent;
        var tkOffset = Absent;
        bool hasI = false, hasL = false, hasT = false, hasK = false, longPictureId = false;
        ushort pictureId = 0;
        if (extended)
        {
            if (payload.Length < 2)
            {
                return false;
            }

            var x = payload[1];
            hasI = (x & 0x80) != 0;
            hasL = (x & 0x40) != 0;
            hasT = (x & 0x20) != 0;
            hasK = (x & 0x10) != 0;
            position = 2;
            if (hasI)
            {
                if (position >= payload.Length)
                {
                    return false;
                }

                pictureIdOffset = position;
                longPictureId = (payload[position] & 0x80) != 0;
                if (longPictureId)
                {
                    if (position + 1 >= payload.Length)
                    {
                        return false;
                    }

                    pictureId = (ushort)(((payload[position] & 0x7F) << 8) | payload[position + 1]);
                    position += 2;
                }
                else
                {
                    pictureId = (ushort)(payload[position] & 0x7F);
                    position++;
                }
            }

            if (hasL)
            {
                if (position >= payload.Length)
                {
                    return false;
                }

                tl0Offset = position++;
            }

            if (hasT || hasK)
            {
                if (position >= payload.Length)
                {
                    return false;
                }

                tkOffset = position++;
            }
        }

        var tk = tkOffset == Absent ? (byte)0 : payload[tkOffset];
        descriptor = new Vp8PayloadDescriptor
        {
            Extended = extended,
            NonReference = (b0 & 0x20) != 0,
            StartOfPartition = (b0 & 0x10) != 0,
            PartitionIndex = (byte)(b0 & 0x07),
            HasPictureId = hasI,
            HasLongPictureId = longPictureId,
            PictureId = pictureId,
            HasTl0PicIdx = hasL,
            Tl0PicIdx = tl0Offset == Absent ? (byte)0 : payload[tl0Offset],
            HasTid = hasT,
            TemporalLayerId = hasT ? (byte)(tk >> 6) : (byte)0,
            LayerSync = hasT && (tk & 0x20) != 0,
            HasKeyIdx = hasK,
            KeyIdx = hasK ? (byte)(tk & 0x1F) : (byte)0,
            Length = position,
            PictureIdOffset = pictureIdOffset,
            Tl0PicIdxOffset = tl0Offset,
            TidKeyIdxOffset = tkOffset,
        };
        return true;
    }

    /// <summary>
    /// True when this packet begins a key frame: S = 1, PID = 0, and the P bit (inverse key frame flag,
    /// RFC 7741 §4.3, RFC 6386 §9.1) of the first VP8 payload byte is 0.
    /// </summary>
    public bool IsKeyframeStart(ReadOnlySpan<byte> payload) =>
        StartOfPartition && PartitionIndex == 0 && payload.Length > Length && (payload[Length] & 0x01) == 0;

    /// <summary>Parses and checks for a key frame start in one call.</summary>
    public static bool IsKeyframeStartPacket(ReadOnlySpan<byte> payload) =>
        TryParse(payload, out var descriptor) && descriptor.IsKeyframeStart(payload);

    /// <summary>
    /// Rewrites the PictureID in place keeping its 7- or 15-bit width; the value wraps modulo that width,
    /// as RFC 7741 §4.2 says PictureID wraps. False when the descriptor has no PictureID.
    /// </summary>
    public bool TryWritePictureId(Span<byte> payload, ushort pictureId)
    {
        if (!HasPictureId || payload.Length < Length)
        {
            return false;
        }

        if (HasLongPictureId)
        {
            payload[PictureIdOffset] = (byte)(0x80 | ((pictureId >> 8) & 0x7F));
            payload[PictureIdOffset + 1] = (byte)pictureId;
        }
        else
        {
            payload[PictureIdOffset] = (byte)(pictureId & 0x7F);
        }

        return true;
    }

    public bool TryWriteTl0PicIdx(Span<byte> payload, byte tl0PicIdx)
    {
        if (!HasTl0PicIdx || payload.Length < Length)
        {
            return false;
        }

        payload[Tl0PicIdxOffset] = tl0PicIdx;
        return true;
    }

    /// <summary>Rewrites KEYIDX (5 bits), leaving TID and Y untouched.</summary>
    public bool TryWriteKeyIdx(Span<byte> payload, byte keyIdx)
    {
        if (!HasKeyIdx || payload.Length < Length)
        {
            return false;
        }

        payload[TidKeyIdxOffset] = (byte)((payload[TidKeyIdxOffset] & 0xE0) | (keyIdx & 0x1F));
        return true;
    }

    /// <summary>The largest PictureID this descriptor can carry (0x7F or 0x7FFF).</summary>
    public ushort PictureIdMask => HasLongPictureId ? (ushort)0x7FFF : (ushort)0x7F;
}
