using System.Diagnostics;
using Messenger.MediaServer.Rtp;

namespace Messenger.LoadTest.Peers;

/// <summary>
/// Sends every publisher's packets at their clip times from one thread, waking every millisecond: the packets of a
/// video frame leave back to back, as a browser's pacer sends them at these bitrates.
/// </summary>
public sealed class Pacer(IReadOnlyList<Publisher> publishers)
{
    /// <summary>RFC 8843 mid header extension id, as our offers declare it.</summary>
    public const byte MidExtensionId = 4;

    /// <summary>RFC 8852 rtp-stream-id (rid) header extension id, for simulcast encodings.</summary>
    public const byte RidExtensionId = 10;

    public long SendFailures;

    public void Run(CancellationToken cancellationToken)
    {
        var buffer = new byte[1600];
        var start = Stopwatch.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            var elapsed = (long)Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            foreach (var publisher in publishers)
            {
                var publisherElapsed = elapsed - publisher.StartOffsetMicros;
                if (publisherElapsed < 0)
                {
                    continue;
                }

                foreach (var track in publisher.Tracks)
                {
                    while (track.TryTakeDue(publisherElapsed, out var packet, out var timestamp, out var pictureIdOffset))
                    {
                        Send(publisher, track, packet.Payload, packet.Marker, timestamp, pictureIdOffset, buffer);
                    }
                }
            }

            Thread.Sleep(1);
        }
    }

    private void Send(Publisher publisher, PublishedTrack track, byte[] payload, bool marker, uint timestamp, int pictureIdOffset, byte[] buffer)
    {
        var writer = new RtpWriter(buffer, track.PayloadType, track.NextSequence++, timestamp, track.Ssrc, marker);
        writer.TryAddExtension(MidExtensionId, track.MidBytes);
        if (track.RidBytes is { } rid)
        {
            writer.TryAddExtension(RidExtensionId, rid);
        }

        if (!writer.TryComplete(payload, out var length))
        {
            Interlocked.Increment(ref SendFailures);
            return;
        }

        if (pictureIdOffset != 0)
        {
            Vp8PictureId.TryAdd(buffer.AsSpan(length - payload.Length, payload.Length), pictureIdOffset);
        }

        SendStamp.Write(buffer.AsSpan(length - payload.Length, payload.Length), SendStamp.Now());
        if (publisher.Peer.SendRtp(buffer, length))
        {
            track.PacketsSent++;
        }
        else
        {
            Interlocked.Increment(ref SendFailures);
        }
    }
}
