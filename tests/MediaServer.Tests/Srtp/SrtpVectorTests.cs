using Messenger.MediaServer.Srtp;
using static Messenger.MediaServer.Tests.Srtp.SrtpTestData;

namespace Messenger.MediaServer.Tests.Srtp;

/// <summary>Known-answer tests: RFC 7714 §16/§17 (AEAD_AES_128_GCM) and libsrtp's srtp_validate (AES-CM, with KDF).</summary>
public sealed class SrtpVectorTests
{
    // RFC 7714 §16/§17 give the session key and salt directly.
    private const string GcmKey = "000102030405060708090a0b0c0d0e0f";
    private const string GcmSalt = "517569642070726f2071756f";

    // §16.1: SSRC 5501a0b2, seq f17b, ROC 0, payload "Gallia est omnis divisa in partes tres".
    private const string GcmRtp =
        "8040f17b8041f8d35501a0b2 47616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573";
    private const string GcmSrtp =
        "8040f17b8041f8d35501a0b2 f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833"
        + "899d7f27beb16a9152cf765ee4390cce";

    // §17: sender report from SSRC "Mars", SRTCP index 0x5d4.
    private const string GcmRtcp =
        "81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61 deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";
    private const string GcmSrtcpEncrypted =
        "81c8000d4d617273 63e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275b"
        + "c84aa45896cf4d2fc5abf87245d9eade 800005d4";
    private const string GcmSrtcpAuthOnly =
        GcmRtcp + "841dd9683dd78ec92ae58790125f62b3 000005d4";

    // libsrtp test/srtp_driver.c srtp_validate(): master key and salt of RFC 3711 B.3, SSRC cafebabe, seq 0x1234.
    private const string CmMasterKey = "e1f97a0d3e018be0d64fa32c06de4139";
    private const string CmMasterSalt = "0ec675ad498afeebb6960b3aabe6";
    private const string CmRtp = "800f1234decafbadcafebabe abababababababababababababababab";
    private const string CmSrtp = "800f1234decafbadcafebabe 4e55dc4ce79978d88ca4d215949d2402 b78d6acc99ea179b8dbb";
    private const string CmRtcp = "81c8000bcafebabe abababababababababababababababab";
    private const string CmSrtcpIndex1 = "81c8000bcafebabe 7128035be487b9bdbef89041f977a5a8 80000001 993e08cd54d6c1230798";

    [Fact]
    public void Gcm_ProtectRtp_MatchesRfc7714Section16()
    {
        using SrtpContext context = GcmVectorContext();
        byte[] plain = Hex(GcmRtp);
        var buffer = new byte[plain.Length + 16];
        plain.CopyTo(buffer, 0);

        Assert.Equal(SrtpResult.Ok, context.ProtectRtp(buffer, plain.Length, out int protectedLength));

        Assert.Equal(Hex(GcmSrtp), buffer[..protectedLength]);
    }

    [Fact]
    public void Gcm_UnprotectRtp_MatchesRfc7714Section16()
    {
        using SrtpContext context = GcmVectorContext();
        byte[] packet = Hex(GcmSrtp);

        Assert.Equal(SrtpResult.Ok, context.UnprotectRtp(packet, out int plainLength));

        Assert.Equal(Hex(GcmRtp), packet[..plainLength]);
    }

    [Fact]
    public void Gcm_ProtectRtcp_MatchesRfc7714Section17()
    {
        using var cipher = AesGcmCipher.FromSessionKey(Hex(GcmKey), Hex(GcmSalt));
        byte[] plain = Hex(GcmRtcp);
        var buffer = new byte[plain.Length + 20];
        plain.CopyTo(buffer, 0);

        cipher.ProtectRtcp(buffer, plain.Length, ssrc: 0x4d617273, index: 0x5d4);

        Assert.Equal(Hex(GcmSrtcpEncrypted), buffer);
    }

    [Theory]
    [InlineData(GcmSrtcpEncrypted)]
    [InlineData(GcmSrtcpAuthOnly)]
    public void Gcm_UnprotectRtcp_MatchesRfc7714Section17(string srtcp)
    {
        using SrtpContext context = GcmVectorContext();
        byte[] packet = Hex(srtcp);

        Assert.Equal(SrtpResult.Ok, context.UnprotectRtcp(packet, out int plainLength));

        Assert.Equal(Hex(GcmRtcp), packet[..plainLength]);
    }

    [Fact]
    public void Gcm_UnprotectRtcpAuthOnly_WithBadTag_LeavesPacketUntouched()
    {
        using SrtpContext context = GcmVectorContext();
        byte[] packet = Hex(GcmSrtcpAuthOnly);
        packet[^5] ^= 0x01;
        byte[] before = packet.ToArray();

        Assert.Equal(SrtpResult.AuthFailed, context.UnprotectRtcp(packet, out _));

        Assert.Equal(before, packet);
    }

    [Fact]
    public void Cm_ProtectRtp_MatchesLibsrtpValidateVector()
    {
        using var context = new SrtpContext(SrtpProfile.Aes128CmHmacSha1_80, Hex(CmMasterKey), Hex(CmMasterSalt));
        byte[] plain = Hex(CmRtp);
        var buffer = new byte[plain.Length + 10];
        plain.CopyTo(buffer, 0);

        Assert.Equal(SrtpResult.Ok, context.ProtectRtp(buffer, plain.Length, out int protectedLength));

        Assert.Equal(Hex(CmSrtp), buffer[..protectedLength]);
    }

    [Fact]
    public void Cm_UnprotectRtp_MatchesLibsrtpValidateVector()
    {
        using var context = new SrtpContext(SrtpProfile.Aes128CmHmacSha1_80, Hex(CmMasterKey), Hex(CmMasterSalt));
        byte[] packet = Hex(CmSrtp);

        Assert.Equal(SrtpResult.Ok, context.UnprotectRtp(packet, out int plainLength));

        Assert.Equal(Hex(CmRtp), packet[..plainLength]);
    }

    [Fact]
    public void Cm_ProtectRtcp_SecondPacketMatchesLibsrtpValidateVector()
    {
        // libsrtp numbers its first SRTCP packet 1; RFC 3711 §3.4 starts at 0, so ours matches on the second.
        using var context = new SrtpContext(SrtpProfile.Aes128CmHmacSha1_80, Hex(CmMasterKey), Hex(CmMasterSalt));
        byte[] plain = Hex(CmRtcp);
        var first = new byte[plain.Length + 14];
        var second = new byte[plain.Length + 14];
        plain.CopyTo(first, 0);
        plain.CopyTo(second, 0);

        Assert.Equal(SrtpResult.Ok, context.ProtectRtcp(first, plain.Length, out _));
        Assert.Equal(SrtpResult.Ok, context.ProtectRtcp(second, plain.Length, out int protectedLength));

        Assert.Equal(0x80000000u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(first.AsSpan(plain.Length)));
        Assert.Equal(Hex(CmSrtcpIndex1), second[..protectedLength]);
    }

    [Fact]
    public void Cm_UnprotectRtcp_MatchesLibsrtpValidateVector()
    {
        using var context = new SrtpContext(SrtpProfile.Aes128CmHmacSha1_80, Hex(CmMasterKey), Hex(CmMasterSalt));
        byte[] packet = Hex(CmSrtcpIndex1);

        Assert.Equal(SrtpResult.Ok, context.UnprotectRtcp(packet, out int plainLength));

        Assert.Equal(Hex(CmRtcp), packet[..plainLength]);
    }

    private static SrtpContext GcmVectorContext() =>
        new(SrtpProfile.AeadAes128Gcm, AesGcmCipher.FromSessionKey(Hex(GcmKey), Hex(GcmSalt)), SrtpContext.DefaultMaxStreams);
}
