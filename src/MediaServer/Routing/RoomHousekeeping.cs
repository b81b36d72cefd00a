using Messenger.MediaServer.Hosting;
using Messenger.MediaServer.Rtcp;
using Messenger.MediaServer.Session;

namespace Messenger.MediaServer.Routing;

/// <summary>
/// The periodic work of a room: close sessions whose consent expired (RFC 7675), send Sender Reports for every
/// stream we send (receivers need them for A/V sync and to report RTT, RFC 3550 §6.4.1), and tell publishers
/// the bitrate they may use (REMB).
/// </summary>
public static class RoomHousekeeping
{
    public static void Run(Room room, MediaServerOptions options, TimeProvider clock)
    {
        Span<byte> buffer = stackalloc byte[256];
        foreach (var participant in room.Participants)
        {
            var session = participant.Session;
            if (session.IsConsentExpired)
            {
                session.Close(SessionCloseReason.ConsentExpired);
                continue;
            }

            if (!session.IsConnected)
            {
                continue;
            }

            foreach (var consumer in participant.Consumers)
            {
                SendSenderReport(session, consumer, clock, buffer);
            }

            SendRemb(participant, options.PublisherBitrateBps, buffer);
        }
    }

    private static void SendSenderReport(WebRtcSession session, Consumer consumer, TimeProvider clock, Span<byte> buffer)
    {
        if (!consumer.TryGetCurrentRtpTimestamp(out var rtpTimestamp))
        {
            return;
        }

        var info = new SenderInfo(
            NtpTime.Now(clock), rtpTimestamp, (uint)consumer.PacketsSent, (uint)consumer.PayloadBytesSent);
        if (SenderReport.TryWrite(buffer, consumer.Ssrc, info, [], out var written))
        {
            session.SendRtcp(buffer, written);
        }
    }

    private static void SendRemb(Participant participant, long bitrate, Span<byte> buffer)
    {
        Span<uint> ssrcs = stackalloc uint[8];
        var count = 0;
        foreach (var producer in participant.Producers)
        {
            if (producer.IsVideo && producer.Ssrc != 0 && count < ssrcs.Length)
            {
                ssrcs[count++] = producer.Ssrc;
            }
        }

        if (count > 0 && ReceiverEstimatedMaxBitrate.TryWrite(buffer, participant.RtcpSsrc, (ulong)bitrate, ssrcs[..count], out var written))
        {
            participant.Session.SendRtcp(buffer, written);
        }
    }
}
