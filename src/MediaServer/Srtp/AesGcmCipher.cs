using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Messenger.MediaServer.Srtp;

/// <summary>
/// AEAD_AES_128_GCM for SRTP and SRTCP (RFC 7714).
/// SRTP: header (AAD) | ciphertext | 16-byte tag (§8.2). SRTCP: header | ciphertext | tag | E|index, where the AAD is
/// the 8-byte header followed by the E|index word (§9.3), or the whole plain packet plus E|index when E = 0 (§9.4).
/// </summary>
/// <remarks>
/// <see cref="AesGcm.Decrypt(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, ReadOnlySpan{byte})"/>
/// reports a bad tag only by throwing, and .NET has no non-throwing variant. We catch that one exception in a
/// non-inlined helper and turn it into <c>false</c>; it costs a few microseconds per forged packet and leaves the
/// payload zeroed, which is fine because a failed packet is dropped.
/// </remarks>
internal sealed class AesGcmCipher : ISrtpCipher
{
    private const int KeyLength = 16;
    private const int SaltLength = 12;
    private const int TagLength = 16;
    private const int NonceLength = 12;

    private readonly AesGcm _rtpAead;
    private readonly AesGcm _rtcpAead;
    private readonly byte[] _rtpSalt = new byte[SaltLength];
    private readonly byte[] _rtcpSalt = new byte[SaltLength];

    private AesGcmCipher(ReadOnlySpan<byte> rtpKey, ReadOnlySpan<byte> rtpSalt, ReadOnlySpan<byte> rtcpKey, ReadOnlySpan<byte> rtcpSalt)
    {
        _rtpAead = new AesGcm(rtpKey, TagLength);
        _rtcpAead = new AesGcm(rtcpKey, TagLength);
        rtpSalt.CopyTo(_rtpSalt);
        rtcpSalt.CopyTo(_rtcpSalt);
    }

    /// <summary>Derives the SRTP and SRTCP session keys and salts from the master key (RFC 7714 §11).</summary>
    public static AesGcmCipher FromMasterKey(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        Span<byte> keys = stackalloc byte[2 * (KeyLength + SaltLength)];
        Span<byte> rtpKey = keys[..KeyLength];
        Span<byte> rtpSalt = keys.Slice(KeyLength, SaltLength);
        Span<byte> rtcpKey = keys.Slice(KeyLength + SaltLength, KeyLength);
        Span<byte> rtcpSalt = keys[(2 * KeyLength + SaltLength)..];
        using (var prf = new AesCounterMode(masterKey))
        {
            SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKdfLabel.RtpEncryption, rtpKey);
            SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKdfLabel.RtpSalt, rtpSalt);
            SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKdfLabel.RtcpEncryption, rtcpKey);
            SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKdfLabel.RtcpSalt, rtcpSalt);
        }

        var cipher = new AesGcmCipher(rtpKey, rtpSalt, rtcpKey, rtcpSalt);
        CryptographicOperations.ZeroMemory(keys);
        return cipher;
    }

    /// <summary>Keys SRTP and SRTCP with the same session key and salt, as the RFC 7714 §16/§17 vectors are given.</summary>
    internal static AesGcmCipher FromSessionKey(ReadOnlySpan<byte> sessionKey, ReadOnlySpan<byte> sessionSalt) =>
        new(sessionKey, sessionSalt, sessionKey, sessionSalt);

    public void ProtectRtp(Span<byte> buffer, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(nonce, _rtpSalt, ssrc, index);
        Span<byte> payload = buffer[headerLength..length];
        _rtpAead.Encrypt(nonce, payload, payload, buffer.Slice(length, TagLength), buffer[..headerLength]);
    }

    public bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(nonce, _rtpSalt, ssrc, index);
        int tagOffset = packet.Length - TagLength;
        Span<byte> ciphertext = packet[headerLength..tagOffset];
        return TryDecrypt(_rtpAead, nonce, ciphertext, packet[tagOffset..], ciphertext, packet[..headerLength]);
    }

    public void ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(nonce, _rtcpSalt, ssrc, index);
        uint indexWord = SrtpPacket.SrtcpEncryptedFlag | index;

        Span<byte> aad = stackalloc byte[SrtpPacket.RtcpHeaderLength + SrtpPacket.SrtcpIndexLength];
        buffer[..SrtpPacket.RtcpHeaderLength].CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad[SrtpPacket.RtcpHeaderLength..], indexWord);

        Span<byte> payload = buffer[SrtpPacket.RtcpHeaderLength..length];
        _rtcpAead.Encrypt(nonce, payload, payload, buffer.Slice(length, TagLength), aad);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[(length + TagLength)..], indexWord);
    }

    public bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint indexWord)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(nonce, _rtcpSalt, ssrc, indexWord & SrtpPacket.SrtcpIndexMask);
        int tagOffset = packet.Length - SrtpPacket.SrtcpIndexLength - TagLength;

        if ((indexWord & SrtpPacket.SrtcpEncryptedFlag) != 0)
        {
            Span<byte> aad = stackalloc byte[SrtpPacket.RtcpHeaderLength + SrtpPacket.SrtcpIndexLength];
            packet[..SrtpPacket.RtcpHeaderLength].CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad[SrtpPacket.RtcpHeaderLength..], indexWord);
            Span<byte> ciphertext = packet[SrtpPacket.RtcpHeaderLength..tagOffset];
            return TryDecrypt(_rtcpAead, nonce, ciphertext, packet.Slice(tagOffset, TagLength), ciphertext, aad);
        }

        // Authentication only (RFC 7714 §9.4): the AAD is the plain packet followed by E|index, but on the wire the
        // tag sits between them. Move the tag aside and slide the index word down so the AAD is contiguous, then put
        // the bytes back if the tag fails so the caller's buffer is unchanged.
        Span<byte> tag = stackalloc byte[TagLength];
        packet.Slice(tagOffset, TagLength).CopyTo(tag);
        BinaryPrimitives.WriteUInt32BigEndian(packet[tagOffset..], indexWord);
        if (TryDecrypt(_rtcpAead, nonce, [], tag, [], packet[..(tagOffset + SrtpPacket.SrtcpIndexLength)]))
        {
            return true;
        }

        tag.CopyTo(packet[tagOffset..]);
        BinaryPrimitives.WriteUInt32BigEndian(packet[^SrtpPacket.SrtcpIndexLength..], indexWord);
        return false;
    }

    public void Dispose()
    {
        _rtpAead.Dispose();
        _rtcpAead.Dispose();
    }

    /// <summary>IV = salt XOR (00 00 || SSRC || ROC || SEQ), RFC 7714 §8.1; ROC || SEQ is the 48-bit index.</summary>
    private static void BuildRtpNonce(Span<byte> nonce, ReadOnlySpan<byte> salt, uint ssrc, ulong index)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt16BigEndian(nonce[6..], (ushort)(index >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], (uint)index);
        XorSalt(nonce, salt);
    }

    /// <summary>IV = salt XOR (00 00 || SSRC || 00 00 || 0 || SRTCP index), RFC 7714 §9.1.</summary>
    private static void BuildRtcpNonce(Span<byte> nonce, ReadOnlySpan<byte> salt, uint ssrc, uint index)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], index);
        XorSalt(nonce, salt);
    }

    private static void XorSalt(Span<byte> nonce, ReadOnlySpan<byte> salt)
    {
        for (int i = 0; i < NonceLength; i++)
        {
            nonce[i] ^= salt[i];
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryDecrypt(
        AesGcm aead,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> ciphertext,
        ReadOnlySpan<byte> tag,
        Span<byte> plaintext,
        ReadOnlySpan<byte> aad)
    {
        try
        {
            aead.Decrypt(nonce, ciphertext, tag, plaintext, aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }
}
