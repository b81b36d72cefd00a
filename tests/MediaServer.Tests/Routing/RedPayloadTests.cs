using Messenger.MediaServer.Routing;

namespace Messenger.MediaServer.Tests.Routing;

public sealed class RedPayloadTests
{
    // RFC 2198 §3 layouts: redundant headers F=1|PT(7) offset(14) length(10), then F=0|PT, then blocks in order.
    public static TheoryData<string, bool, int, byte> Payloads => new()
    {
        // Primary only: 1-byte header then the block.
        { "6F AA BB", true, 1, 111 },
        // One redundant block of 2 bytes (PT 111, offset 960), then primary 111.
        { "EF 0F 00 02 6F 01 02 AA BB CC", true, 7, 111 },
        // Two redundant blocks of 1 and 3 bytes.
        { "EF 1E 00 01 EF 0F 00 03 6F 01 02 03 04 AA", true, 13, 111 },
        // Primary of another codec is reported as such.
        { "EF 0F 00 01 0D 01 AA", true, 6, 13 },
        // Redundant block with 10-bit length 0x102 = 258, far past the end.
        { "EF 0F 01 02 6F 01 02", false, 0, 0 },
        // Truncated redundant header.
        { "EF 0F 00", false, 0, 0 },
        // Only F=1 headers, no primary header.
        { "EF 0F 00 00", false, 0, 0 },
        // Empty payload.
        { "", false, 0, 0 },
        // Redundant length points exactly to the end: empty primary block is well-formed.
        { "EF 0F 00 02 6F 01 02", true, 7, 111 },
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Finds_the_primary_block(string hex, bool ok, int offset, byte primaryPt)
    {
        var payload = Hex(hex);

        Assert.Equal(ok, RedPayload.TryFindPrimary(payload, out var foundOffset, out var foundPt));
        Assert.Equal((offset, primaryPt), (foundOffset, foundPt));
    }

    [Theory]
    [InlineData("6F AA BB", "AA BB")]
    [InlineData("EF 0F 00 02 6F 01 02 AA BB CC", "AA BB CC")]
    [InlineData("EF 1E 00 01 EF 0F 00 03 6F 01 02 03 04 AA", "AA")]
    public void Strips_in_place_to_the_primary_block(string redHex, string primaryHex)
    {
        var header = Hex("80 3F 00 01 00 00 03 C0 11 22 33 44");
        var red = Hex(redHex);
        var packet = new byte[header.Length + red.Length];
        header.CopyTo(packet, 0);
        red.CopyTo(packet, header.Length);

        var length = RedPayload.StripToPrimary(packet, header.Length, red.Length, out var primaryPt);

        Assert.Equal(111, primaryPt);
        Assert.Equal(header.Length + Hex(primaryHex).Length, length);
        Assert.Equal(header, packet[..header.Length]);
        Assert.Equal(Hex(primaryHex), packet[header.Length..length]);
    }

    [Fact]
    public void Strip_keeps_trailing_padding_after_the_primary_block()
    {
        // P bit set, 2 bytes of padding (last byte = count) after the RED payload.
        var packet = Hex("A0 3F 00 01 00 00 03 C0 11 22 33 44 EF 0F 00 01 6F 09 AA 00 02");

        var length = RedPayload.StripToPrimary(packet, 12, 7, out _);

        Assert.Equal(12 + 1 + 2, length);
        Assert.Equal(Hex("AA 00 02"), packet[12..length]);
    }

    [Fact]
    public void Strip_refuses_a_malformed_payload_and_leaves_the_packet_alone()
    {
        var packet = Hex("80 3F 00 01 00 00 03 C0 11 22 33 44 EF 0F 01 02 6F 01");
        var before = (byte[])packet.Clone();

        Assert.Equal(-1, RedPayload.StripToPrimary(packet, 12, 6, out _));
        Assert.Equal(before, packet);
    }

    [Theory]
    // packet PT, publisher red, subscriber PT, subscriber red => strip, outgoing PT
    [InlineData(111, 63, 109, 62, false, 109)] // plain Opus from a red-capable publisher
    [InlineData(63, 63, 109, 62, false, 62)] // RED relayed under the subscriber's red PT
    [InlineData(63, 63, 109, null, true, 109)] // RED to a subscriber without red: unwrap to Opus
    [InlineData(111, null, 109, 62, false, 109)] // publisher without red
    [InlineData(63, null, 109, null, false, 109)] // PT 63 means nothing when the publisher has no red
    public void Maps_the_outer_payload_type(int packetPt, int? publisherRed, int subscriberPt, int? subscriberRed, bool strip, int outgoing)
    {
        var mustStrip = RedPayload.MapPayloadType(
            (byte)packetPt, publisherRed, (byte)subscriberPt, (byte?)subscriberRed, out var payloadType);

        Assert.Equal((strip, outgoing), (mustStrip, (int)payloadType));
    }

    private static byte[] Hex(string text) => Convert.FromHexString(text.Replace(" ", "", StringComparison.Ordinal));
}
