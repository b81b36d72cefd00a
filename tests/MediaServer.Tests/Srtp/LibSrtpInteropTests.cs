using System.Runtime.CompilerServices;
using Messenger.MediaServer.Srtp;
using Messenger.Native;
using static Messenger.MediaServer.Tests.Srtp.SrtpTestData;

namespace Messenger.MediaServer.Tests.Srtp;

/// <summary>Cross-checks our SRTP against Debian's libsrtp2 in both directions, for RTP and RTCP.</summary>
public sealed class LibSrtpInteropTests
{
    private const uint Ssrc = 0x5EED5EED;

    // 65530..65535 then 0..5: the ROC must step to 1 identically on both sides.
    private static readonly ushort[] Sequence = [65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3, 4, 5];

    [Fact]
    public void PolicyStruct_MatchesInstalledHeaderLayout()
    {
        // gcc on /usr/include/srtp2/srtp.h (x86_64): sizeof(srtp_crypto_policy_t) = 24, sizeof(srtp_policy_t) = 128.
        Assert.Equal(24, Unsafe.SizeOf<LibSrtp.SrtpCryptoPolicy>());
        Assert.Equal(128, Unsafe.SizeOf<LibSrtp.SrtpPolicy>());
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void OursProtect_LibSrtpUnprotects(SrtpProfile profile)
    {
        byte[] key = MasterKey(profile, 21);
        byte[] salt = MasterSalt(profile, 21);
        using var ours = new SrtpContext(profile, key, salt);
        using var theirs = LibSrtpSession.Create((LibSrtpProfile)profile, key, salt, outbound: false);

        foreach (ushort seq in Sequence)
        {
            byte[] buffer = RtpPacket(Ssrc, seq, 300, out int length);
            byte[] original = buffer[..length];
            Assert.Equal(SrtpResult.Ok, ours.ProtectRtp(buffer, length, out int protectedLength));

            Assert.Equal(LibSrtpStatus.Ok, theirs.UnprotectRtp(buffer.AsSpan(0, protectedLength), out int plainLength));
            Assert.Equal(original, buffer[..plainLength]);
        }

        for (byte i = 0; i < 3; i++)
        {
            byte[] buffer = RtcpPacket(Ssrc, i, out int length);
            byte[] original = buffer[..length];
            Assert.Equal(SrtpResult.Ok, ours.ProtectRtcp(buffer, length, out int protectedLength));

            Assert.Equal(LibSrtpStatus.Ok, theirs.UnprotectRtcp(buffer.AsSpan(0, protectedLength), out int plainLength));
            Assert.Equal(original, buffer[..plainLength]);
        }
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void LibSrtpProtect_OursUnprotects(SrtpProfile profile)
    {
        byte[] key = MasterKey(profile, 77);
        byte[] salt = MasterSalt(profile, 77);
        using var theirs = LibSrtpSession.Create((LibSrtpProfile)profile, key, salt, outbound: true);
        using var ours = new SrtpContext(profile, key, salt);

        foreach (ushort seq in Sequence)
        {
            byte[] buffer = RtpPacket(Ssrc, seq, 300, out int length);
            byte[] original = buffer[..length];
            Assert.Equal(LibSrtpStatus.Ok, theirs.ProtectRtp(buffer, length, out int protectedLength));
            Assert.Equal(length + profile.AuthTagLength(), protectedLength);

            Assert.Equal(SrtpResult.Ok, ours.UnprotectRtp(buffer.AsSpan(0, protectedLength), out int plainLength));
            Assert.Equal(original, buffer[..plainLength]);
        }

        Assert.True(ours.TryGetHighestRtpIndex(Ssrc, outbound: false, out ulong highest));
        Assert.Equal(0x1_0005ul, highest);

        for (byte i = 0; i < 3; i++)
        {
            byte[] buffer = RtcpPacket(Ssrc, i, out int length);
            byte[] original = buffer[..length];
            Assert.Equal(LibSrtpStatus.Ok, theirs.ProtectRtcp(buffer, length, out int protectedLength));
            Assert.Equal(length + profile.RtcpOverhead(), protectedLength);

            Assert.Equal(SrtpResult.Ok, ours.UnprotectRtcp(buffer.AsSpan(0, protectedLength), out int plainLength));
            Assert.Equal(original, buffer[..plainLength]);
        }
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void SameKeyAndIndex_GiveIdenticalWireBytes(SrtpProfile profile)
    {
        byte[] key = MasterKey(profile, 5);
        byte[] salt = MasterSalt(profile, 5);
        using var ours = new SrtpContext(profile, key, salt);
        using var theirs = LibSrtpSession.Create((LibSrtpProfile)profile, key, salt, outbound: true);

        foreach (ushort seq in Sequence)
        {
            byte[] mine = RtpPacket(Ssrc, seq, 1200, out int length);
            byte[] theirsBuffer = mine.ToArray();
            Assert.Equal(SrtpResult.Ok, ours.ProtectRtp(mine, length, out int myLength));
            Assert.Equal(LibSrtpStatus.Ok, theirs.ProtectRtp(theirsBuffer, length, out int theirLength));

            Assert.Equal(theirsBuffer[..theirLength], mine[..myLength]);
        }
    }

    [Fact]
    public void LibSrtpRejectsOurTamperedPacket()
    {
        byte[] key = MasterKey(SrtpProfile.AeadAes128Gcm, 9);
        byte[] salt = MasterSalt(SrtpProfile.AeadAes128Gcm, 9);
        using var ours = new SrtpContext(SrtpProfile.AeadAes128Gcm, key, salt);
        using var theirs = LibSrtpSession.Create(LibSrtpProfile.AeadAes128Gcm, key, salt, outbound: false);
        byte[] buffer = RtpPacket(Ssrc, 1, 100, out int length);
        Assert.Equal(SrtpResult.Ok, ours.ProtectRtp(buffer, length, out int protectedLength));
        buffer[protectedLength - 1] ^= 0x80;

        Assert.Equal(LibSrtpStatus.AuthFail, theirs.UnprotectRtp(buffer.AsSpan(0, protectedLength), out _));
    }
}
