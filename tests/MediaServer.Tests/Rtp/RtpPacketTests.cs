using Messenger.MediaServer.Rtp;

namespace Messenger.MediaServer.Tests.Rtp;

public sealed class RtpPacketTests
{
    /// <summary>
    /// A browser Opus packet (PT 111, marker set) with one-byte extensions: id 3 abs-send-time and id 1 audio level.
    /// Plaintext test vector from the public haaspors/rlib SRTP tests (test/rsrtp.c).
    /// </summary>
    internal const string CapturedOpusHex =
        "90ef41cd5550be52b476823abede0002" + "3254e1e110aa0000" +
        "78039cdb17916be3b1020af1a556e1c4f02df01c90160f342ec234ab93fcf9de7f94b310af10f3233bced79f55a07033629a72e928cd40a5ae61caa1f6727c10ce6ed6d98716b1e8226628";

    [Fact]
    public void Parses_captured_opus_packet()
    {
        var bytes = Convert.FromHexString(CapturedOpusHex);
        Assert.Equal(RtpParseResult.Ok, RtpPacket.TryParse(bytes, out var packet));

        Assert.Equal(2, packet.Version);
        Assert.False(packet.HasPadding);
        Assert.True(packet.HasExtension);
        Assert.Equal(0, packet.CsrcCount);
        Assert.True(packet.Marker);
        Assert.Equal(111, packet.PayloadType);
        Assert.Equal(0x41cd, packet.SequenceNumber);
        Assert.Equal(0x5550be52u, packet.Timestamp);
        Assert.Equal(0xb476823au, packet.Ssrc);
        Assert.Equal(24, packet.HeaderLength);
        Assert.Equal(bytes.Length - 24, packet.PayloadLength);
        Assert.Equal(0x78, packet.Payload[0]);
        Assert.Equal(RtpExtensionEnumerator.OneByteProfile, packet.ExtensionProfile);

        Assert.True(packet.TryGetExtension(3, out var absSendTime));
        Assert.True(RtpExtensionValues.TryReadAbsSendTime(absSendTime, out var ast));
        Assert.Equal(0x54e1e1u, ast);
        Assert.True(packet.TryGetExtension(1, out var level));
        Assert.True(RtpExtensionValues.TryReadAudioLevel(level, out var voice, out var dbov));
        Assert.True(voice);
        Assert.Equal(42, dbov);
        Assert.False(packet.TryGetExtension(2, out _));
    }

    [Fact]
    public void Every_truncation_of_a_valid_packet_fails_without_throwing()
    {
        // With an extension and padding, so every length check is on the path.
        var buffer = new byte[64];
        var writer = new RtpWriter(buffer, 96, 1, 2, 3);
        Assert.True(writer.TryAddExtension(5, [1, 2, 3]));
        Assert.True(writer.TryComplete([9, 9, 9, 9], 4, out var length));
        var full = buffer.AsSpan(0, length).ToArray();
        Assert.Equal(RtpParseResult.Ok, RtpPacket.TryParse(full, out _));

        for (var cut = 0; cut < full.Length; cut++)
        {
            var truncated = full.AsSpan(0, cut).ToArray();
            Assert.NotEqual(RtpParseResult.Ok, RtpPacket.TryParse(truncated, out _));
        }
    }

    [Theory]
    [InlineData("", RtpParseResult.TooShort)]
    [InlineData("8060000100000002000000", RtpParseResult.TooShort)] // 11 bytes
    [InlineData("406000010000000200000003", RtpParseResult.BadVersion)] // V=1
    [InlineData("c06000010000000200000003", RtpParseResult.BadVersion)] // V=3
    [InlineData("816000010000000200000003", RtpParseResult.BadCsrcCount)] // CC=1, no CSRC
    [InlineData("8f6000010000000200000003" + "00000000", RtpParseResult.BadCsrcCount)] // CC=15, one CSRC
    [InlineData("906000010000000200000003" + "bede", RtpParseResult.BadExtensionLength)] // cut extension header
    [InlineData("906000010000000200000003" + "bede0002" + "10aa0000", RtpParseResult.BadExtensionLength)]
    [InlineData("a06000010000000200000003", RtpParseResult.BadPadding)] // P=1, nothing after header
    [InlineData("a06000010000000200000003" + "aabb00", RtpParseResult.BadPadding)] // count 0
    [InlineData("a06000010000000200000003" + "aabb04", RtpParseResult.BadPadding)] // count > remaining
    [InlineData("806000010000000200000003", RtpParseResult.Ok)] // header only, empty payload
    [InlineData("a06000010000000200000003" + "aabb03", RtpParseResult.Ok)] // all padding
    public void Rejects_malformed_headers(string hex, RtpParseResult expected) =>
        Assert.Equal(expected, RtpPacket.TryParse(Convert.FromHexString(hex), out _));

    [Fact]
    public void Reads_csrcs_and_padding()
    {
        var bytes = Convert.FromHexString("a2e0fffe0000000a00000001" + "0000000b0000000c" + "c0ffee" + "000003");
        Assert.Equal(RtpParseResult.Ok, RtpPacket.TryParse(bytes, out var packet));
        Assert.Equal(2, packet.CsrcCount);
        Assert.Equal(0xbu, packet.GetCsrc(0));
        Assert.Equal(0xcu, packet.GetCsrc(1));
        Assert.Equal(3, packet.PaddingLength);
        Assert.Equal(20, packet.HeaderLength);
        Assert.Equal(new byte[] { 0xc0, 0xff, 0xee }, packet.Payload.ToArray());
        Assert.True(packet.Marker);
        Assert.Equal(96, packet.PayloadType);
    }

    [Fact]
    public void Setters_rewrite_in_place_and_keep_the_rest()
    {
        var bytes = Convert.FromHexString(CapturedOpusHex);
        var original = (byte[])bytes.Clone();
        Assert.Equal(RtpParseResult.Ok, RtpPacket.TryParse(bytes, out var packet));

        packet.SetSsrc(0x01020304);
        packet.SetSequenceNumber(65535);
        packet.SetTimestamp(0xfffffff0);
        packet.SetPayloadType(100);

        Assert.Equal(RtpParseResult.Ok, RtpPacket.TryParse(bytes, out var reparsed));
        Assert.Equal(0x01020304u, reparsed.Ssrc);
        Assert.Equal(65535, reparsed.SequenceNumber);
        Assert.Equal(0xfffffff0u, reparsed.Timestamp);
        Assert.Equal(100, reparsed.PayloadType);
        Assert.True(reparsed.Marker); // marker survives a payload type rewrite
        Assert.Equal(original.AsSpan(12).ToArray(), bytes.AsSpan(12).ToArray());

        reparsed.SetMarker(false);
        Assert.False(reparsed.Marker);
        Assert.Equal(100, reparsed.PayloadType);
    }
}
