using Messenger.MediaServer.Srtp;
using static Messenger.MediaServer.Tests.Srtp.SrtpTestData;

namespace Messenger.MediaServer.Tests.Srtp;

public sealed class SrtpContextRtpTests
{
    private const uint Ssrc = 0xCAFEBABE;

    public static TheoryData<SrtpProfile, ushort[], ushort[]> WrapOrders => new()
    {
        // In order across the wrap: 65535 -> 0 bumps the ROC on both sides.
        { SrtpProfile.Aes128CmHmacSha1_80, [65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
        { SrtpProfile.AeadAes128Gcm, [65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
        // Reordered around the wrap: packets of the new ROC arrive before the last ones of the old ROC.
        { SrtpProfile.Aes128CmHmacSha1_80, [65533, 65534, 65535, 0, 1, 2], [0, 3, 1, 4, 2, 5] },
        { SrtpProfile.AeadAes128Gcm, [65533, 65534, 65535, 0, 1, 2], [0, 3, 1, 4, 2, 5] },
        { SrtpProfile.Aes128CmHmacSha1_80, [65534, 65535, 0, 1], [0, 2, 3, 1] },
        { SrtpProfile.AeadAes128Gcm, [65534, 65535, 0, 1], [0, 2, 3, 1] },
        // Starting at the very last sequence number.
        { SrtpProfile.Aes128CmHmacSha1_80, [65535, 0, 1], [0, 1, 2] },
        { SrtpProfile.AeadAes128Gcm, [65535, 0, 1], [0, 1, 2] },
    };

    [Theory]
    [MemberData(nameof(WrapOrders))]
    public void RoundTrip_AcrossSequenceWrap(SrtpProfile profile, ushort[] sendOrder, ushort[] receiveOrder)
    {
        using SrtpContext sender = Context(profile);
        using SrtpContext receiver = Context(profile);
        var originals = new byte[sendOrder.Length][];
        var wire = new byte[sendOrder.Length][];
        for (int i = 0; i < sendOrder.Length; i++)
        {
            byte[] buffer = RtpPacket(Ssrc, sendOrder[i], 160 + i, out int length);
            originals[i] = buffer[..length];
            Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(buffer, length, out int protectedLength));
            Assert.Equal(length + profile.AuthTagLength(), protectedLength);
            Assert.NotEqual(originals[i][12..], buffer[12..length]);
            wire[i] = buffer[..protectedLength];
        }

        foreach (ushort position in receiveOrder)
        {
            byte[] packet = wire[position];
            Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(packet, out int plainLength));
            Assert.Equal(originals[position], packet[..plainLength]);
        }

        // The last packet sent was after the wrap, so both sides now run at ROC 1.
        Assert.True(sender.TryGetHighestRtpIndex(Ssrc, outbound: true, out ulong sent));
        Assert.True(receiver.TryGetHighestRtpIndex(Ssrc, outbound: false, out ulong received));
        Assert.Equal(0x1_0000u | sendOrder[^1], sent);
        Assert.Equal(sent, received);
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void FirstPacketReceivedAfterSenderWrapped_FailsBecauseReceiverStartsAtRocZero(SrtpProfile profile)
    {
        // RFC 3711 §3.3.1: without signalling, a receiver assumes ROC 0 for a new SSRC. If the sender already wrapped
        // (its ROC is 1), the guess is wrong and the tag fails; nothing is remembered, so this is not sticky.
        using SrtpContext sender = Context(profile);
        using SrtpContext receiver = Context(profile);
        Protect(sender, 65535, out _);
        byte[] afterWrap = Protect(sender, 0, out _);

        Assert.Equal(SrtpResult.AuthFailed, receiver.UnprotectRtp(afterWrap, out _));
        Assert.False(receiver.TryGetHighestRtpIndex(Ssrc, outbound: false, out _));
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void Retransmission_AfterWrap_ReusesOriginalRoc(SrtpProfile profile)
    {
        using SrtpContext sender = Context(profile);
        using SrtpContext receiver = Context(profile);
        byte[] first = Protect(sender, 65535, out byte[] original);
        Protect(sender, 0, out _);
        Protect(sender, 1, out _);

        // The sender resends 65535 (e.g. answering a NACK): same index, so identical bytes on the wire.
        byte[] again = Protect(sender, 65535, out _);
        Assert.Equal(first, again);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(again, out int plainLength));
        Assert.Equal(original, again[..plainLength]);
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void Replay_IsRejected(SrtpProfile profile)
    {
        using SrtpContext sender = Context(profile);
        using SrtpContext receiver = Context(profile);
        byte[] packet = Protect(sender, 500, out _);
        byte[] copy = packet.ToArray();

        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(packet, out _));
        Assert.Equal(SrtpResult.ReplayedPacket, receiver.UnprotectRtp(copy, out _));
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void PacketOlderThanWindow_IsRejectedAsTooOld(SrtpProfile profile)
    {
        using SrtpContext sender = Context(profile);
        using SrtpContext receiver = Context(profile);
        byte[] late = Protect(sender, 1000, out _);
        for (ushort seq = 1001; seq <= 1000 + SrtpReplayWindow.Size; seq++)
        {
            Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Protect(sender, seq, out _), out _));
        }

        Assert.Equal(SrtpResult.ReplayTooOld, receiver.UnprotectRtp(late, out _));
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void ReorderedInsideWindow_IsAccepted(SrtpProfile profile)
    {
        using SrtpContext sender = Context(profile);
        using SrtpContext receiver = Context(profile);
        byte[] late = Protect(sender, 1000, out byte[] original);
        for (ushort seq = 1001; seq < 1000 + SrtpReplayWindow.Size; seq++)
        {
            Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Protect(sender, seq, out _), out _));
        }

        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(late, out int plainLength));
        Assert.Equal(original, late[..plainLength]);
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, -1)]
    [InlineData(SrtpProfile.AeadAes128Gcm, -1)]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, 20)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 20)]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, 3)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 3)]
    public void TamperedPacket_FailsWithoutChangingState(SrtpProfile profile, int flipOffset)
    {
        using SrtpContext sender = Context(profile);
        using SrtpContext receiver = Context(profile);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Protect(sender, 100, out _), out _));
        // 40000 is more than half the sequence space ahead: accepting it would have moved the highest index far.
        byte[] genuine = Protect(sender, 40000, out byte[] original);
        byte[] tampered = genuine.ToArray();
        int offset = flipOffset < 0 ? tampered.Length + flipOffset : flipOffset;
        tampered[offset] ^= 0x40;

        Assert.Equal(SrtpResult.AuthFailed, receiver.UnprotectRtp(tampered, out int plainLength));
        Assert.Equal(0, plainLength);
        Assert.True(receiver.TryGetHighestRtpIndex(Ssrc, outbound: false, out ulong highest));
        Assert.Equal(100u, highest);

        // The genuine packet with the same index is still accepted: the forgery was not recorded as seen.
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(genuine, out plainLength));
        Assert.Equal(original, genuine[..plainLength]);
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void WrongKey_FailsAuthAndCreatesNoStream(SrtpProfile profile)
    {
        using SrtpContext sender = Context(profile, seed: 1);
        using SrtpContext receiver = Context(profile, seed: 2);

        Assert.Equal(SrtpResult.AuthFailed, receiver.UnprotectRtp(Protect(sender, 7, out _), out _));
        Assert.False(receiver.TryGetHighestRtpIndex(Ssrc, outbound: false, out _));
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void HeaderWithCsrcsAndExtension_StaysInTheClear(SrtpProfile profile)
    {
        using SrtpContext sender = Context(profile);
        using SrtpContext receiver = Context(profile);
        // V=2, X=1, CC=2; two CSRCs, then a one-byte-header extension of one word, then the payload.
        byte[] plain = Hex(
            "92600007 00000960 cafebabe 11111111 22222222 bede0001 10ff0000 0102030405060708090a0b0c0d0e0f10");
        var buffer = new byte[plain.Length + 16];
        plain.CopyTo(buffer, 0);

        Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(buffer, plain.Length, out int protectedLength));
        Assert.Equal(plain[..28], buffer[..28]);
        Assert.NotEqual(plain[28..], buffer[28..plain.Length]);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(buffer.AsSpan(0, protectedLength), out int plainLength));
        Assert.Equal(plain, buffer[..plainLength]);
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, 0, SrtpResult.TooShort)]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, 5, SrtpResult.TooShort)]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, 21, SrtpResult.TooShort)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 27, SrtpResult.TooShort)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 11, SrtpResult.TooShort)]
    public void Unprotect_TruncatedPacket(SrtpProfile profile, int length, SrtpResult expected)
    {
        using SrtpContext sender = Context(profile);
        using SrtpContext receiver = Context(profile);
        byte[] packet = Protect(sender, 9, out _);

        Assert.Equal(expected, receiver.UnprotectRtp(packet.AsSpan(0, length), out int plainLength));
        Assert.Equal(0, plainLength);
    }

    [Theory]
    [InlineData("40600001 00000000 cafebabe 00000000 00000000 00000000 00000000", SrtpResult.MalformedHeader)]
    [InlineData("8f600001 00000000 cafebabe 00000000 00000000 00000000 00000000", SrtpResult.TooShort)]
    [InlineData("90600001 00000000 cafebabe bede0009 00000000 00000000 00000000", SrtpResult.TooShort)]
    public void Unprotect_MalformedHeader(string hex, SrtpResult expected)
    {
        using SrtpContext receiver = Context(SrtpProfile.Aes128CmHmacSha1_80);

        Assert.Equal(expected, receiver.UnprotectRtp(Hex(hex), out _));
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void Protect_WithoutRoomForTag_FailsAndLeavesBufferAlone(SrtpProfile profile)
    {
        using SrtpContext sender = Context(profile);
        byte[] buffer = RtpPacket(Ssrc, 1, 50, out int length, spare: profile.AuthTagLength() - 1);
        byte[] before = buffer.ToArray();

        Assert.Equal(SrtpResult.BufferTooSmall, sender.ProtectRtp(buffer, length, out int protectedLength));
        Assert.Equal(0, protectedLength);
        Assert.Equal(before, buffer);
        Assert.Equal(SrtpResult.BufferTooSmall, sender.ProtectRtp(buffer, buffer.Length + 1, out _));
    }

    [Fact]
    public void NewSsrcBeyondLimit_IsUnknownUntilAStreamIsRemoved()
    {
        using SrtpContext sender = Context(SrtpProfile.AeadAes128Gcm);
        using SrtpContext receiver = Context(SrtpProfile.AeadAes128Gcm, maxStreams: 1);
        byte[] first = RtpPacket(1, 10, 20, out int length);
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(first, length, out int firstLength));
        byte[] second = RtpPacket(2, 10, 20, out length);
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(second, length, out int secondLength));

        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(first.AsSpan(0, firstLength), out _));
        Assert.Equal(SrtpResult.UnknownSsrc, receiver.UnprotectRtp(second.AsSpan(0, secondLength), out _));
        Assert.True(receiver.RemoveStream(1));
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(second.AsSpan(0, secondLength), out _));
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void ProtectAndUnprotect_DoNotAllocate(SrtpProfile profile)
    {
        using SrtpContext sender = Context(profile);
        using SrtpContext receiver = Context(profile);
        byte[] buffer = RtpPacket(Ssrc, 0, 1200, out int length);
        byte[] rtcp = RtcpPacket(Ssrc, 3, out int rtcpLength);
        int warmupFailures = RoundTrips(sender, receiver, buffer, length, rtcp, rtcpLength, 0, 200);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int failures = RoundTrips(sender, receiver, buffer, length, rtcp, rtcpLength, 200, 1000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, warmupFailures + failures);
        Assert.Equal(0, allocated);
    }

    // No assertions inside: the measured loop must not count the test framework's allocations.
    private static int RoundTrips(
        SrtpContext sender, SrtpContext receiver, byte[] buffer, int length, byte[] rtcp, int rtcpLength, int from, int count)
    {
        int failures = 0;
        for (int i = from; i < from + count; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)i);
            failures += sender.ProtectRtp(buffer, length, out int protectedLength) == SrtpResult.Ok ? 0 : 1;
            failures += receiver.UnprotectRtp(buffer.AsSpan(0, protectedLength), out _) == SrtpResult.Ok ? 0 : 1;
            failures += sender.ProtectRtcp(rtcp, rtcpLength, out protectedLength) == SrtpResult.Ok ? 0 : 1;
            failures += receiver.UnprotectRtcp(rtcp.AsSpan(0, protectedLength), out _) == SrtpResult.Ok ? 0 : 1;
        }

        return failures;
    }

    private static byte[] Protect(SrtpContext sender, ushort sequenceNumber, out byte[] original)
    {
        byte[] buffer = RtpPacket(Ssrc, sequenceNumber, 100, out int length);
        original = buffer[..length];
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(buffer, length, out int protectedLength));
        return buffer[..protectedLength];
    }
}
