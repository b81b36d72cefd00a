using BenchmarkDotNet.Attributes;
using Messenger.MediaServer.Rtcp;
using Messenger.MediaServer.Rtp;

namespace Messenger.Benchmarks;

/// <summary>
/// Per-packet parsing cost of the RTP/RTCP layer. Every benchmark must report 0 B allocated: the parsers are
/// views over the receive buffer.
/// </summary>
[MemoryDiagnoser]
public class RtpBenchmarks
{
    private readonly RtpExtensionMap _map = new();
    private byte[] _rtp = [];
    private byte[] _compound = [];

    [GlobalSetup]
    public void Setup()
    {
        _map.TryRegister(1, RtpExtensionUris.Mid);
        _map.TryRegister(2, RtpExtensionUris.AbsSendTime);
        _map.TryRegister(3, RtpExtensionUris.TransportWideCc);
        _map.TryRegister(4, RtpExtensionUris.AudioLevel);

        // A video packet as Chrome sends it with BUNDLE: mid, abs-send-time, transport-wide seq; 1100 B payload.
        var rtp = new byte[1200];
        var writer = new RtpWriter(rtp, 96, 4242, 90_000, 0x1234_5678, marker: true);
        writer.TryAddExtension(1, "0"u8);
        writer.TryAddExtension(2, [0x12, 0x34, 0x56]);
        writer.TryAddExtension(3, [0x01, 0x02]);
        writer.TryComplete(new byte[1100], out var length);
        _rtp = rtp.AsSpan(0, length).ToArray();

        // SR (one report block) + SDES with a 16-character CNAME, the usual browser compound.
        var compound = new byte[256];
        SenderReport.TryWrite(
            compound, 0x1234_5678, new SenderInfo(0xdc23_27b2_ac34_8f54, 90_000, 100, 110_000),
            [new ReportBlock { Ssrc = 0x0bad_cafe, ExtendedHighestSequence = 5000, Jitter = 12 }], out var srLength);
        SourceDescription.TryWriteCname(compound.AsSpan(srLength), 0x1234_5678, "RnT5CmJhzyetAxw+"u8, out var sdesLength);
        _compound = compound.AsSpan(0, srLength + sdesLength).ToArray();
    }

    [Benchmark]
    public int ParseRtpReadMidAndTransportSequence()
    {
        if (RtpPacket.TryParse(_rtp, out var packet) != RtpParseResult.Ok)
        {
            return -1;
        }

        var result = packet.PayloadLength;
        if (packet.TryGetMid(_map, out var mid))
        {
            result += mid[0];
        }

        if (packet.TryGetTransportSequence(_map, out var seq))
        {
            result += seq;
        }

        return result;
    }

    [Benchmark]
    public long ParseCompoundSenderReportAndSdes()
    {
        long result = 0;
        foreach (var rtcp in new RtcpCompoundReader(_compound))
        {
            if (rtcp.PacketType == RtcpPacketType.SenderReport
                && SenderReport.TryParse(rtcp.Packet, out var sr) == RtcpParseResult.Ok)
            {
                result += (long)sr.NtpTimestamp + sr.GetReportBlock(0).Jitter;
            }
            else if (rtcp.PacketType == RtcpPacketType.SourceDescription
                && SourceDescription.TryParse(rtcp.Packet, out var sdes) == RtcpParseResult.Ok)
            {
                foreach (var chunk in sdes)
                {
                    result += chunk.Cname.Length;
                }
            }
        }

        return result;
    }
}
