using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Messenger.MediaServer.Srtp;

/// <summary>
/// SRTP_AES128_CM_HMAC_SHA1_80: AES-CM encryption then HMAC-SHA1 truncated to 80 bits (RFC 3711 §4.1.1, §4.2.1).
/// SRTP: header | encrypted payload | tag, the tag over header | payload | ROC (§4.2).
/// SRTCP: header | encrypted payload | E|index | tag, the tag over everything before it (§3.4).
/// </summary>
internal sealed class AesCmHmacSha1Cipher : ISrtpCipher
{
    private const int SaltLength = 14;
    private const int KeyLength = 16;
    private const int AuthKeyLength = 20;
    private const int TagLength = 10;
    private const int Sha1Length = 20;

    private readonly AesCounterMode _rtpCipher;
    private readonly AesCounterMode _rtcpCipher;
    private readonly IncrementalHash _rtpMac;
    private readonly IncrementalHash _rtcpMac;
    private readonly byte[] _rtpSalt = new byte[SaltLength];
    private readonly byte[] _rtcpSalt = new byte[SaltLength];

    public AesCmHmacSha1Cipher(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        Span<byte> key = stackalloc byte[KeyLength];
        Span<byte> authKey = stackalloc byte[AuthKeyLength];
        using (var prf = new AesCounterMode(masterKey))
        {
            SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKdfLabel.RtpEncryption, key);
            _rtpCipher = new AesCounterMode(key);
            SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKdfLabel.RtpAuthentication, authKey);
            _rtpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, authKey);
            SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKdfLabel.RtpSalt, _rtpSalt);

            SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKdfLabel.RtcpEncryption, key);
            _rtcpCipher = new AesCounterMode(key);
            SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKdfLabel.RtcpAuthentication, authKey);
            _rtcpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, authKey);
            SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKdfLabel.RtcpSalt, _rtcpSalt);
        }

        CryptographicOperations.ZeroMemory(key);
        CryptographicOperations.ZeroMemory(authKey);
    }

    public void ProtectRtp(Span<byte> buffer, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        BuildIv(iv, _rtpSalt, ssrc, index);
        _rtpCipher.Transform(iv, buffer[headerLength..length]);

        Span<byte> mac = stackalloc byte[Sha1Length];
        ComputeRtpMac(buffer[..length], (uint)(index >> 16), mac);
        mac[..TagLength].CopyTo(buffer[length..]);
    }

    public bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index)
    {
        int authenticatedLength = packet.Length - TagLength;
        Span<byte> mac = stackalloc byte[Sha1Length];
        ComputeRtpMac(packet[..authenticatedLength], (uint)(index >> 16), mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..TagLength], packet[authenticatedLength..]))
        {
            return false;
        }

        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        BuildIv(iv, _rtpSalt, ssrc, index);
        _rtpCipher.Transform(iv, packet[headerLength..authenticatedLength]);
        return true;
    }

    public void ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index)
    {
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        BuildIv(iv, _rtcpSalt, ssrc, index);
        _rtcpCipher.Transform(iv, buffer[SrtpPacket.RtcpHeaderLength..length]);

        int authenticatedLength = length + SrtpPacket.SrtcpIndexLength;
        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], SrtpPacket.SrtcpEncryptedFlag | index);

        Span<byte> mac = stackalloc byte[Sha1Length];
        _rtcpMac.AppendData(buffer[..authenticatedLength]);
        _rtcpMac.GetHashAndReset(mac);
        mac[..TagLength].CopyTo(buffer[authenticatedLength..]);
    }

    public bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint indexWord)
    {
        int authenticatedLength = packet.Length - TagLength;
        Span<byte> mac = stackalloc byte[Sha1Length];
        _rtcpMac.AppendData(packet[..authenticatedLength]);
        _rtcpMac.GetHashAndReset(mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..TagLength], packet[authenticatedLength..]))
        {
            return false;
        }

        // E = 0 means the sender chose not to encrypt (RFC 3711 §3.4); the payload is already plain.
        if ((indexWord & SrtpPacket.SrtcpEncryptedFlag) != 0)
        {
            Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
            BuildIv(iv, _rtcpSalt, ssrc, indexWord & SrtpPacket.SrtcpIndexMask);
            _rtcpCipher.Transform(iv, packet[SrtpPacket.RtcpHeaderLength..(authenticatedLength - SrtpPacket.SrtcpIndexLength)]);
        }

        return true;
    }

    public void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpMac.Dispose();
        _rtcpMac.Dispose();
    }

    /// <summary>IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16), RFC 3711 §4.1.1; i is the 48-bit SRTP or 31-bit SRTCP index.</summary>
    private static void BuildIv(Span<byte> iv, ReadOnlySpan<byte> salt, uint ssrc, ulong index)
    {
        salt.CopyTo(iv);
        iv[14] = 0;
        iv[15] = 0;
        Span<byte> ssrcField = iv.Slice(4, 4);
        BinaryPrimitives.WriteUInt32BigEndian(ssrcField, BinaryPrimitives.ReadUInt32BigEndian(ssrcField) ^ ssrc);
        Span<byte> indexHigh = iv.Slice(8, 2);
        BinaryPrimitives.WriteUInt16BigEndian(indexHigh, (ushort)(BinaryPrimitives.ReadUInt16BigEndian(indexHigh) ^ (ushort)(index >> 32)));
        Span<byte> indexLow = iv.Slice(10, 4);
        BinaryPrimitives.WriteUInt32BigEndian(indexLow, BinaryPrimitives.ReadUInt32BigEndian(indexLow) ^ (uint)index);
    }

    /// <summary>The SRTP tag covers the authenticated portion followed by the 32-bit ROC (RFC 3711 §4.2).</summary>
    private void ComputeRtpMac(ReadOnlySpan<byte> authenticated, uint rolloverCounter, Span<byte> mac)
    {
        Span<byte> roc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(roc, rolloverCounter);
        _rtpMac.AppendData(authenticated);
        _rtpMac.AppendData(roc);
        _rtpMac.GetHashAndReset(mac);
    }
}
