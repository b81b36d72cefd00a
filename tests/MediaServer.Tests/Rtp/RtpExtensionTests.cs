using Messenger.MediaServer.Rtp;

namespace Messenger.MediaServer.Tests.Rtp;

public sealed class RtpExtensionTests
{
    private const string Header = "906f000100000002000000aa";

    // One-byte form (RFC 8285 §4.2): id 1 mid "0" (1 byte), padding byte, id 4 twcc 0x0102, id 10 rid "hi", 3 pad.
    private const string OneByte = Header + "bede0003" + "1030" + "00" + "410102" + "a16869" + "000000";

    // Two-byte form (§4.3, profile 0x1000 with appbits 0): id 1 mid "ab", id 200 abs-send-time, id 7 empty, pad.
    private const string TwoByte = Header + "10000003" + "01026162" + "c803123456" + "0700" + "00";

    [Theory]
    [InlineData(OneByte, 1, "30")]
    [InlineData(OneByte, 4, "0102")]
    [InlineData(OneByte, 10, "6869")]
    [InlineData(TwoByte, 1, "6162")]
    [InlineData(TwoByte, 200, "123456")]
    [InlineData(TwoByte, 7, "")]
    public void Finds_extension_by_id(string hex, int id, string expectedValue)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.Equal(RtpParseResult.Ok, RtpPacket.TryParse(bytes, out var packet));
        Assert.True(packet.TryGetExtension((byte)id, out var value));
        Assert.Equal(expectedValue, Convert.ToHexString(value).ToLowerInvariant());
    }

    [Theory]
    [InlineData(OneByte, 2)]
    [InlineData(OneByte, 0)] // 0 is padding, never an element
    [InlineData(TwoByte, 2)]
    [InlineData(TwoByte, 0)]
    [InlineData(Header + "abcd0001" + "10aa0000", 1)] // unknown profile: no RFC 8285 elements
    [InlineData(Header + "bede0001" + "f0aa0000", 15)] // id 15 stops processing (§4.2)
    [InlineData(Header + "bede0001" + "3fffffff", 3)] // length 16 runs past the block
    [InlineData(Header + "10000001" + "0109aaaa", 1)] // two-byte length 9 runs past the block
    [InlineData("806f000100000002000000aa", 1)] // no extension at all
    public void Missing_or_malformed_elements_are_not_found(string hex, int id)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.Equal(RtpParseResult.Ok, RtpPacket.TryParse(bytes, out var packet));
        Assert.False(packet.TryGetExtension((byte)id, out _));
    }

    [Fact]
    public void Enumerates_all_elements_in_order()
    {
        var bytes = Convert.FromHexString(TwoByte);
        Assert.Equal(RtpParseResult.Ok, RtpPacket.TryParse(bytes, out var packet));
        var ids = new List<int>();
        foreach (var element in packet.Extensions)
        {
            ids.Add(element.Id);
        }

        Assert.Equal([1, 200, 7], ids);
    }

    [Fact]
    public void Typed_readers_use_the_negotiated_map()
    {
        var map = new RtpExtensionMap();
        Assert.True(map.TryRegister(1, RtpExtensionUris.Mid));
        Assert.True(map.TryRegister(4, RtpExtensionUris.TransportWideCc));
        Assert.True(map.TryRegister(10, RtpExtensionUris.Rid));
        Assert.True(map.TryRegister(11, RtpExtensionUris.RepairedRid));
        var bytes = Convert.FromHexString(OneByte);
        Assert.Equal(RtpParseResult.Ok, RtpPacket.TryParse(bytes, out var packet));

        Assert.True(packet.TryGetMid(map, out var mid));
        Assert.Equal("0"u8.ToArray(), mid.ToArray());
        Assert.True(packet.TryGetRid(map, out var rid));
        Assert.Equal("hi"u8.ToArray(), rid.ToArray());
        Assert.True(packet.TryGetTransportSequence(map, out var seq));
        Assert.Equal(0x0102, seq);
        Assert.False(packet.TryGetRepairedRid(map, out _)); // negotiated but absent
        Assert.False(packet.TryGetAbsSendTime(map, out _)); // not negotiated
        Assert.False(packet.TryGetAudioLevel(map, out _, out _));
    }

    [Fact]
    public void In_place_writers_rewrite_existing_elements_only()
    {
        var map = new RtpExtensionMap();
        Assert.True(map.TryRegister(1, RtpExtensionUris.Mid));
        Assert.True(map.TryRegister(200, RtpExtensionUris.AbsSendTime));
        Assert.True(map.TryRegister(9, RtpExtensionUris.TransportWideCc));
        var bytes = Convert.FromHexString(TwoByte);
        var before = (byte[])bytes.Clone();
        Assert.Equal(RtpParseResult.Ok, RtpPacket.TryParse(bytes, out var packet));

        Assert.True(packet.TrySetAbsSendTime(map, 0xabcdef));
        Assert.False(packet.TrySetTransportSequence(map, 7)); // element not present: nothing inserted
        Assert.True(packet.TryGetAbsSendTime(map, out var ast));
        Assert.Equal(0xabcdefu, ast);
        Assert.Equal(before.Length, bytes.Length);
        Assert.Equal(before.AsSpan(0, 21).ToArray(), bytes.AsSpan(0, 21).ToArray());

        var oneByte = Convert.FromHexString(OneByte);
        var twccMap = new RtpExtensionMap();
        Assert.True(twccMap.TryRegister(4, RtpExtensionUris.TransportWideCc));
        Assert.Equal(RtpParseResult.Ok, RtpPacket.TryParse(oneByte, out var p2));
        Assert.True(p2.TrySetTransportSequence(twccMap, 0xfffe));
        Assert.True(p2.TryGetTransportSequence(twccMap, out var seq));
        Assert.Equal(0xfffe, seq);
    }

    [Fact]
    public void Map_rejects_conflicting_bindings()
    {
        var map = new RtpExtensionMap();
        Assert.False(map.TryRegister(0, RtpExtensionUris.Mid));
        Assert.True(map.TryRegister(3, RtpExtensionUris.AudioLevel));
        Assert.True(map.TryRegister(3, RtpExtensionUris.AudioLevel)); // idempotent
        Assert.False(map.TryRegister(3, RtpExtensionUris.Mid)); // id taken
        Assert.False(map.TryRegister(5, RtpExtensionUris.AudioLevel)); // uri taken
        Assert.True(map.TryRegister(5, RtpExtensionUris.VideoOrientation)); // "others by URI"
        Assert.Equal(3, map.AudioLevel);
        Assert.Equal(RtpExtensionUris.VideoOrientation, map.GetUri(5));
        Assert.True(map.TryGetId(RtpExtensionUris.VideoOrientation, out var id));
        Assert.Equal(5, id);
        Assert.False(map.RequiresTwoByteHeader);
        Assert.True(map.TryRegister(15, RtpExtensionUris.PlayoutDelay));
        Assert.True(map.RequiresTwoByteHeader);
    }

    [Theory]
    [InlineData(0x00, false, 0)]
    [InlineData(0x80, true, 0)]
    [InlineData(0x7f, false, 127)]
    [InlineData(0xaa, true, 42)]
    public void Audio_level_round_trips(int raw, bool voice, int level)
    {
        Assert.Equal((byte)raw, RtpExtensionValues.EncodeAudioLevel(voice, (byte)level));
        Assert.True(RtpExtensionValues.TryReadAudioLevel([(byte)raw], out var v, out var l));
        Assert.Equal(voice, v);
        Assert.Equal(level, l);
    }

    [Theory]
    [InlineData(0x0000_0001_8000_0000UL, 0x060000u)] // 1.5 s
    [InlineData(0x0000_0040_0000_0000UL, 0x000000u)] // 64 s wraps to 0
    [InlineData(0x0000_003F_FFFF_FFFFUL, 0xFFFFFFu)] // just under 64 s
    public void Abs_send_time_from_ntp_is_6_18_fixed_point(ulong ntp, uint expected) =>
        Assert.Equal(expected, RtpExtensionValues.AbsSendTimeFromNtp(ntp));

    [Theory]
    [InlineData(1_500_000L, 0x060000u)]
    [InlineData(64_000_000L, 0u)]
    public void Abs_send_time_from_microseconds(long micros, uint expected) =>
        Assert.Equal(expected, RtpExtensionValues.AbsSendTimeFromMicroseconds(micros));

    [Fact]
    public void Value_readers_reject_short_values()
    {
        Assert.False(RtpExtensionValues.TryReadAbsSendTime([1, 2], out _));
        Assert.False(RtpExtensionValues.TryReadTransportSequence([1], out _));
        Assert.False(RtpExtensionValues.TryReadAudioLevel([], out _, out _));
        Assert.False(RtpExtensionValues.TryWriteAbsSendTime(new byte[2], 1));
        Assert.False(RtpExtensionValues.TryWriteTransportSequence(new byte[1], 1));
    }
}
