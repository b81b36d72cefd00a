using System.Buffers.Binary;
using Messenger.MediaServer.Srtp;
using static Messenger.MediaServer.Tests.Srtp.SrtpTestData;

namespace Messenger.MediaServer.Tests.Srtp;

public sealed class SrtpContextRtcpTests
{
    private const uint Ssrc = 0x11223344;

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void RoundTrip_NumbersPacketsFromZeroWithEFlag(SrtpProfile profile)
    {
        using SrtpContext sender = Context(profile);
        using SrtpContext receiver = Context(profile);
        int indexOffset = profile.IsAead() ? 4 : 4 + profile.AuthTagLength();
        for (uint expectedIndex = 0; expectedIndex < 5; expectedIndex++)
        {
            byte[] buffer = RtcpPacket(Ssrc, (byte)expectedIndex, out int length);
            byte[] original = buffer[..length];

            Assert.Equal(SrtpResult.Ok, sender.ProtectRtcp(buffer, length, out int protectedLength));
            Assert.Equal(length + profile.RtcpOverhead(), protectedLength);
            Assert.Equal(original[..8], buffer[..8]);
            Assert.NotEqual(original[8..], buffer[8..length]);
            Assert.Equal(0x8000_0000u | expectedIndex, BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(protectedLength - indexOffset)));

            Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(buffer.AsSpan(0, protectedLength), out int plainLength));
            Assert.Equal(original, buffer[..plainLength]);
        }
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void Replay_IsRejected_ReorderIsAccepted(SrtpProfile profile)
    {
        using SrtpContext sender = Context(profile);
        using SrtpContext receiver = Context(profile);
        byte[] first = Protect(sender, 1);
        byte[] second = Protect(sender, 2);
        byte[] firstCopy = first.ToArray();

        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(second, out _));
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(first, out _));
        Assert.Equal(SrtpResult.ReplayedPacket, receiver.UnprotectRtcp(firstCopy, out _));
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, -1)]
    [InlineData(SrtpProfile.AeadAes128Gcm, -1)]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, 10)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 10)]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, 2)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 2)]
    public void Tampered_FailsAndGenuineStillAccepted(SrtpProfile profile, int flipOffset)
    {
        using SrtpContext sender = Context(profile);
        using SrtpContext receiver = Context(profile);
        byte[] genuine = Protect(sender, 9);
        byte[] tampered = genuine.ToArray();
        tampered[flipOffset < 0 ? tampered.Length + flipOffset : flipOffset] ^= 0x01;

        Assert.Equal(SrtpResult.AuthFailed, receiver.UnprotectRtcp(tampered, out _));
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(genuine, out _));
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, 21)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 27)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 0)]
    public void Unprotect_Truncated(SrtpProfile profile, int length)
    {
        using SrtpContext sender = Context(profile);
        using SrtpContext receiver = Context(profile);
        byte[] packet = Protect(sender, 3);

        Assert.Equal(SrtpResult.TooShort, receiver.UnprotectRtcp(packet.AsSpan(0, length), out _));
    }

    [Fact]
    public void Protect_ChecksLengthVersionAndRoom()
    {
        using SrtpContext sender = Context(SrtpProfile.AeadAes128Gcm);
        byte[] buffer = RtcpPacket(Ssrc, 0, out int length, spare: 19);

        Assert.Equal(SrtpResult.TooShort, sender.ProtectRtcp(buffer, 7, out _));
        Assert.Equal(SrtpResult.BufferTooSmall, sender.ProtectRtcp(buffer, length, out _));
        buffer[0] = 0x41;
        Assert.Equal(SrtpResult.MalformedHeader, sender.ProtectRtcp(buffer, length, out _));
    }

    private static byte[] Protect(SrtpContext sender, byte fill)
    {
        byte[] buffer = RtcpPacket(Ssrc, fill, out int length);
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtcp(buffer, length, out int protectedLength));
        return buffer[..protectedLength];
    }
}
