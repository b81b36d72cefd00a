using System.Text;
using Messenger.MediaServer.Rtcp;

namespace Messenger.MediaServer.Tests.Rtcp;

public sealed class RtcpCompoundReaderTests
{
    [Theory]
    [InlineData(CapturedRtcp.SrSdesRlib, 0xb476823au, 0xdc2327b2ac348f54UL, 0x5550cd92u, 5u, 0x175u, "ceiNLmy6VHSE5Ja7")]
    [InlineData(CapturedRtcp.SrSdesPion, 0x66ef91ffu, 0xdf4880dd61a62ed3UL, 0xd8bcdebeu, 9u, 0x1604u, "RnT5CmJhzyetAxw+")]
    public void Reads_captured_sr_sdes(
        string hex, uint ssrc, ulong ntp, uint rtpTimestamp, uint packets, uint octets, string cname)
    {
        var datagram = Convert.FromHexString(hex);
        Assert.True(RtpRtcpDemux.IsRtcp(datagram));
        Assert.Equal(RtcpParseResult.Ok, RtcpCompoundReader.Validate(datagram));

        var reader = new RtcpCompoundReader(datagram);
        Assert.True(reader.MoveNext());
        Assert.Equal(RtcpPacketType.SenderReport, reader.Current.PacketType);
        Assert.Equal(RtcpParseResult.Ok, SenderReport.TryParse(reader.Current.Packet, out var sr));
        Assert.Equal(ssrc, sr.Ssrc);
        Assert.Equal(ntp, sr.NtpTimestamp);
        Assert.Equal(rtpTimestamp, sr.RtpTimestamp);
        Assert.Equal(packets, sr.PacketCount);
        Assert.Equal(octets, sr.OctetCount);
        Assert.Equal(0, sr.ReportCount);

        Assert.True(reader.MoveNext());
        Assert.Equal(RtcpPacketType.SourceDescription, reader.Current.PacketType);
        Assert.Equal(RtcpParseResult.Ok, SourceDescription.TryParse(reader.Current.Packet, out var sdes));
        Assert.Equal(1, sdes.ChunkCount);
        var chunks = 0;
        foreach (var chunk in sdes)
        {
            chunks++;
            Assert.Equal(ssrc, chunk.Ssrc);
            Assert.Equal(cname, Encoding.ASCII.GetString(chunk.Cname));
        }

        Assert.Equal(1, chunks);
        Assert.False(reader.MoveNext());
        Assert.Equal(RtcpParseResult.Ok, reader.Result);
    }

    [Fact]
    public void Reads_captured_sr_sdes_remb()
    {
        var datagram = Convert.FromHexString(CapturedRtcp.SrSdesRembKvs);
        var types = new List<byte>();
        ulong bitrate = 0;
        var ssrcs = new List<uint>();
        foreach (var packet in new RtcpCompoundReader(datagram))
        {
            types.Add(packet.PacketType);
            if (packet.PacketType == RtcpPacketType.PayloadFeedback)
            {
                Assert.Equal(RtcpFeedbackFormat.ApplicationLayer, packet.Count);
                Assert.Equal(RtcpParseResult.Ok, ReceiverEstimatedMaxBitrate.TryParse(packet.Packet, out var remb));
                Assert.Equal(0xf12d7b4bu, remb.SenderSsrc);
                bitrate = remb.Bitrate;
                for (var i = 0; i < remb.SsrcCount; i++)
                {
                    ssrcs.Add(remb.GetSsrc(i));
                }
            }
        }

        Assert.Equal([RtcpPacketType.SenderReport, RtcpPacketType.SourceDescription, RtcpPacketType.PayloadFeedback], types);
        Assert.Equal(142743UL << 4, bitrate);
        Assert.Equal([0x0cef370du, 0x2d073d1du], ssrcs);
    }

    [Theory]
    [InlineData("", RtcpParseResult.TooShort)]
    [InlineData("80c800", RtcpParseResult.TooShort)]
    [InlineData("40c80000", RtcpParseResult.BadVersion)]
    [InlineData("80c9000100000001" + "40c90000", RtcpParseResult.BadVersion)] // second packet bad
    [InlineData("80c90002" + "00000001", RtcpParseResult.TooShort)] // length past the datagram
    [InlineData("a0c90001" + "00000000", RtcpParseResult.BadPadding)] // padding count 0
    [InlineData("a0c90001" + "00000005", RtcpParseResult.BadPadding)] // padding past the body
    [InlineData("a0c90001" + "00000004" + "80c90000", RtcpParseResult.BadPadding)] // padding not on the last packet
    [InlineData("80c9000100000001" + "80c9", RtcpParseResult.TooShort)] // trailing fragment
    [InlineData("80c9000100000001" + "a0c9000100000004", RtcpParseResult.Ok)] // padding on the last packet
    [InlineData("81cd000300000001000000020a0b0c0d", RtcpParseResult.Ok)] // lone NACK (reduced-size, RFC 5506)
    public void Validates_every_header(string hex, RtcpParseResult expected) =>
        Assert.Equal(expected, RtcpCompoundReader.Validate(Convert.FromHexString(hex)));

    [Fact]
    public void Stops_at_the_first_bad_packet_but_keeps_earlier_ones()
    {
        var datagram = Convert.FromHexString("80c9000100000001" + "80c90005" + "00000002");
        var reader = new RtcpCompoundReader(datagram);
        Assert.True(reader.MoveNext());
        Assert.Equal(RtcpPacketType.ReceiverReport, reader.Current.PacketType);
        Assert.False(reader.MoveNext());
        Assert.Equal(RtcpParseResult.TooShort, reader.Result);
        Assert.False(reader.MoveNext());
    }

    [Fact]
    public void Every_truncation_of_a_captured_compound_fails()
    {
        var datagram = Convert.FromHexString(CapturedRtcp.SrSdesRembKvs);
        var packetEnds = new HashSet<int> { 28, 56, 84 };
        for (var cut = 0; cut < datagram.Length; cut++)
        {
            var result = RtcpCompoundReader.Validate(datagram.AsSpan(0, cut));
            Assert.Equal(packetEnds.Contains(cut) ? RtcpParseResult.Ok : RtcpParseResult.TooShort, result);
        }
    }

    [Theory]
    [InlineData("80c8", true)] // SR
    [InlineData("80c9", true)] // RR
    [InlineData("81cd", true)] // RTPFB
    [InlineData("8fce", true)] // PSFB
    [InlineData("80c0", true)] // 192: lower bound of the RFC 5761 range
    [InlineData("80df", true)] // 223: upper bound
    [InlineData("80bf", false)] // 191: RTP with marker, PT 63
    [InlineData("80e0", false)] // 224: RTP with marker, PT 96
    [InlineData("806f", false)] // RTP PT 111
    [InlineData("80ef", false)] // RTP PT 111 with marker
    [InlineData("80", false)] // too short to tell
    public void Demuxes_rtcp_from_rtp_by_second_byte(string hex, bool isRtcp) =>
        Assert.Equal(isRtcp, RtpRtcpDemux.IsRtcp(Convert.FromHexString(hex)));
}
