using Messenger.MediaServer.Rtcp;

namespace Messenger.MediaServer.Routing;

/// <summary>
/// What a participant's RTCP means for the room: keyframe requests travel to the producer's publisher, receiver
/// reports become loss and round-trip statistics. Runs on the receive loop; allocates nothing.
/// </summary>
public static class RtcpFeedbackHandler
{
    public static void Handle(Participant participant, ReadOnlySpan<byte> compound, TimeProvider clock)
    {
        foreach (var view in new RtcpCompoundReader(compound))
        {
            switch (view.PacketType)
            {
                case RtcpPacketType.PayloadFeedback when view.Count == RtcpFeedbackFormat.PictureLossIndication:
                    if (PictureLossIndication.TryParse(view.Packet, out var pli) == RtcpParseResult.Ok)
                    {
                        participant.Session.Stats.CountPli();
                        RequestKeyframe(participant, pli.MediaSsrc);
                    }

                    break;
                case RtcpPacketType.PayloadFeedback when view.Count == RtcpFeedbackFormat.FullIntraRequest:
                    if (FullIntraRequest.TryParse(view.Packet, out var fir) == RtcpParseResult.Ok)
                    {
                        participant.Session.Stats.CountFir();
                        for (var i = 0; i < fir.EntryCount; i++)
                        {
                            RequestKeyframe(participant, fir.GetEntry(i).Ssrc);
                        }
                    }

                    break;
                case RtcpPacketType.PayloadFeedback when view.Count == RtcpFeedbackFormat.ApplicationLayer:
                    // REMB (draft-alvestrand-rmcat-remb): what this subscriber says it can receive.
                    if (ReceiverEstimatedMaxBitrate.TryParse(view.Packet, out var remb) == RtcpParseResult.Ok)
                    {
                        participant.ReceiveEstimateBps = (long)Math.Min(remb.Bitrate, long.MaxValue);
                        participant.Session.Congestion.OnRemb(remb.Bitrate);
                    }

                    break;
                case RtcpPacketType.TransportFeedback when view.Count == RtcpFeedbackFormat.TransportWideCc:
                    if (TransportFeedback.TryParse(view.Packet, out var feedback) == RtcpParseResult.Ok)
                    {
                        participant.Session.Congestion.OnTransportFeedback(feedback);
                    }

                    break;
                case RtcpPacketType.TransportFeedback when view.Count == RtcpFeedbackFormat.GenericNack:
                    if (GenericNack.TryParse(view.Packet, out var nack) == RtcpParseResult.Ok)
                    {
                        participant.Session.Stats.CountNack();
                        Retransmit(participant, nack);
                    }

                    break;
                case RtcpPacketType.ReceiverReport:
                    if (ReceiverReport.TryParse(view.Packet, out var rr) == RtcpParseResult.Ok)
                    {
                        for (var i = 0; i < rr.ReportCount; i++)
                        {
                            RecordReport(participant, rr.GetReportBlock(i), clock);
                        }
                    }

                    break;
                case RtcpPacketType.SenderReport:
                    if (SenderReport.TryParse(view.Packet, out var sr) == RtcpParseResult.Ok)
                    {
                        for (var i = 0; i < sr.ReportCount; i++)
                        {
                            RecordReport(participant, sr.GetReportBlock(i), clock);
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>Answers a subscriber's NACK from the consumer's history, as RTX when negotiated (RFC 4588).</summary>
    private static void Retransmit(Participant subscriber, in GenericNack nack)
    {
        if (!subscriber.TryGetConsumer(nack.MediaSsrc, out var consumer) || consumer.Nacks is null)
        {
            return;
        }

        Span<ushort> sequences = stackalloc ushort[64];
        var count = consumer.Nacks.CollectResends(nack, sequences);
        Span<byte> packet = stackalloc byte[Consumer.MaxPacketLength + Interceptors.NackResponder.RtxOverhead + Session.WebRtcSession.MaxSrtpOverhead];
        for (var i = 0; i < count; i++)
        {
            if (consumer.Nacks.TryBuildResend(sequences[i], packet, out var length))
            {
                subscriber.Session.SendRtp(packet, length);
            }
        }
    }

    private static void RequestKeyframe(Participant subscriber, uint consumerSsrc)
    {
        if (subscriber.TryGetConsumer(consumerSsrc, out var consumer))
        {
            consumer.Source.RequestKeyframe();
        }
    }

    /// <summary>Reports about streams we send: loss as the peer saw it and RTT per RFC 3550 §6.4.1.</summary>
    private static void RecordReport(Participant participant, ReportBlock block, TimeProvider clock)
    {
        if (!participant.TryGetConsumer(block.Ssrc, out _))
        {
            return;
        }

        TimeSpan? rtt = null;
        var arrival = NtpTime.ToCompact(NtpTime.Now(clock));
        if (NtpTime.TryComputeRoundTrip(arrival, block.LastSenderReport, block.DelaySinceLastSenderReport, out var compact))
        {
            rtt = NtpTime.CompactToTimeSpan(compact);
        }

        participant.Session.Stats.RecordReceiverReport(block.FractionLost, block.CumulativeLost, rtt);
    }
}
