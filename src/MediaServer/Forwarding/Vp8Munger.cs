using Messenger.MediaServer.Rtp.Vp8;

namespace Messenger.MediaServer.Forwarding;

/// <summary>
/// Rewrites the VP8 payload descriptor (RFC 7741 §4.2) of one consumer output stream so that PictureID,
/// TL0PICIDX and KEYIDX stay continuous when the forwarder switches source (simulcast layer, reconnect) or drops
/// frames of temporal layers above its target (LiveKit "codecmunger/vp8", mediasoup "Vp8 EncodingContext").
/// Decoders use these fields to detect lost frames (RFC 7741 §4.2: a PictureID gap means a lost picture, a
/// TL0PICIDX gap a lost base-layer frame), so a jump would make the receiver wait for or request a keyframe.
/// <para>
/// Values are written in place, so each packet keeps its own PictureID width: a 7-bit source gets the output
/// counter modulo 128, which RFC 7741 allows since PictureID wraps. The output counter itself is width-free.
/// </para>
/// Not thread-safe: one consumer, one thread.
/// </summary>
public sealed class Vp8Munger
{
    private const int Tl0Modulus = 256;
    private const int KeyIdxModulus = 32;

    private bool _started;
    private bool _switchPending = true;

    // PictureID: the current source's unwrapped input counter, mapped through an offset history (dropped frames).
    private long _highestPictureId;
    private long _sourceStartPictureId;
    private OffsetHistory _pictureIdOffsets;
    private long _lastOutPictureId;
    private bool _hasOutPictureId;

    // TL0PICIDX and KEYIDX are never shifted by temporal-layer drops (TL0 frames are always forwarded; KEYIDX
    // changes only on keyframes), so a modular offset per source is enough, even for reordered packets.
    private int _tl0Offset;
    private int _lastOutTl0;
    private bool _hasOutTl0;
    private int _keyIdxOffset;
    private int _lastOutKeyIdx;
    private bool _hasOutKeyIdx;

    public bool IsStarted => _started;

    /// <summary>The newest output PictureID, 15 bits.</summary>
    public ushort LastPictureId => (ushort)(_lastOutPictureId & 0x7FFF);

    public byte LastTl0PicIdx => (byte)_lastOutTl0;

    public byte LastKeyIdx => (byte)_lastOutKeyIdx;

    /// <summary>The next forwarded packet starts a new source (the forwarder switches on its keyframe).</summary>
    public void PrepareSwitch() => _switchPending = true;

    /// <summary>
    /// Rewrites the descriptor of a forwarded packet in <paramref name="payload"/> (the RTP payload the
    /// descriptor was parsed from). False when the packet belongs to a frame older than the switch or older than
    /// the remembered drops: the caller drops it.
    /// </summary>
    public bool Process(in Vp8PayloadDescriptor descriptor, Span<byte> payload)
    {
        if (_switchPending)
        {
            StartSource(descriptor);
        }

        if (descriptor.HasPictureId)
        {
            var pictureId = Unwrap(descriptor);
            long offset;
            if (pictureId > _highestPictureId)
            {
                _highestPictureId = pictureId;
                offset = _pictureIdOffsets.CurrentOffset;
                _lastOutPictureId = pictureId - offset;
                _hasOutPictureId = true;
            }
            else if (pictureId < _sourceStartPictureId || !_pictureIdOffsets.TryFind(pictureId, out offset))
            {
                return false;
            }

            descriptor.TryWritePictureId(payload, (ushort)((pictureId - offset) & 0x7FFF));
        }

        if (descriptor.HasTl0PicIdx)
        {
            var tl0 = (descriptor.Tl0PicIdx - _tl0Offset) & (Tl0Modulus - 1);
            descriptor.TryWriteTl0PicIdx(payload, (byte)tl0);
            if (!_hasOutTl0 || IsNewerModulo(tl0, _lastOutTl0, Tl0Modulus))
            {
                _lastOutTl0 = tl0;
                _hasOutTl0 = true;
            }
        }

        if (descriptor.HasKeyIdx)
        {
            var keyIdx = (descriptor.KeyIdx - _keyIdxOffset) & (KeyIdxModulus - 1);
            descriptor.TryWriteKeyIdx(payload, (byte)keyIdx);
            if (!_hasOutKeyIdx || IsNewerModulo(keyIdx, _lastOutKeyIdx, KeyIdxModulus))
            {
                _lastOutKeyIdx = keyIdx;
                _hasOutKeyIdx = true;
            }
        }

        return true;
    }

    /// <summary>
    /// The forwarder drops the frame this packet belongs to (temporal layer above target): later PictureIDs
    /// move down by one so the receiver sees no missing picture. Every packet of the frame may be passed; only
    /// the first one of a new picture shifts. Ignored before the first forwarded keyframe of a source.
    /// </summary>
    public void DiscardFrame(in Vp8PayloadDescriptor descriptor)
    {
        if (_switchPending || !descriptor.HasPictureId)
        {
            return;
        }

        var pictureId = Unwrap(descriptor);
        if (pictureId > _highestPictureId)
        {
            _highestPictureId = pictureId;
            _pictureIdOffsets.ShiftAfter(pictureId);
        }
    }

    private void StartSource(in Vp8PayloadDescriptor descriptor)
    {
        _switchPending = false;
        if (descriptor.HasPictureId)
        {
            _sourceStartPictureId = descriptor.PictureId;
            _highestPictureId = _sourceStartPictureId - 1;
            var outputStart = _started && _hasOutPictureId ? _lastOutPictureId + 1 : _sourceStartPictureId;
            _pictureIdOffsets.Reset(_sourceStartPictureId, _sourceStartPictureId - outputStart);
        }

        if (descriptor.HasTl0PicIdx)
        {
            var outputStart = _started && _hasOutTl0 ? _lastOutTl0 + 1 : descriptor.Tl0PicIdx;
            _tl0Offset = (descriptor.Tl0PicIdx - outputStart) & (Tl0Modulus - 1);
            _hasOutTl0 = false; // the switch frame becomes the reference whatever its value
        }

        if (descriptor.HasKeyIdx)
        {
            var outputStart = _started && _hasOutKeyIdx ? _lastOutKeyIdx + 1 : descriptor.KeyIdx;
            _keyIdxOffset = (descriptor.KeyIdx - outputStart) & (KeyIdxModulus - 1);
            _hasOutKeyIdx = false;
        }

        _started = true;
    }

    /// <summary>Places the PictureID next to the highest one seen, in its own 7- or 15-bit space.</summary>
    private long Unwrap(in Vp8PayloadDescriptor descriptor)
    {
        var modulus = descriptor.PictureIdMask + 1;
        var forward = (descriptor.PictureId - _highestPictureId) & (modulus - 1);
        return forward < modulus / 2 ? _highestPictureId + forward : _highestPictureId + forward - modulus;
    }

    private static bool IsNewerModulo(int a, int b, int modulus)
    {
        var forward = (a - b) & (modulus - 1);
        return forward != 0 && forward < modulus / 2;
    }
}
