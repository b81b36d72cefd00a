using System.Diagnostics;
using Messenger.MediaServer.Client;
using Messenger.MediaServer.Rtp;

namespace Messenger.LoadTest.Peers;

/// <summary>
/// What one subscribing peer received in the window, per SSRC: packets, loss from sequence gaps (RFC 3550 A.3),
/// interarrival jitter (RFC 3550 A.8) and send→receive latency from the payload stamp. Called only from the peer's
/// receive loop, so the per-stream state needs no locks.
/// </summary>
public sealed class SubscriberStats(MeasurementWindow window, IReadOnlyDictionary<byte, int> clockRates) : IClientPeerListener
{
    private readonly List<StreamState> _streams = [];

    public IReadOnlyList<StreamState> Streams => _streams;

    public void OnRtcp(ReadOnlySpan<byte> compound)
    {
    }

    public void OnRtp(RtpPacket packet)
    {
        var now = Stopwatch.GetTimestamp();
        var stream = Find(packet.Ssrc);
        if (!window.Recording)
        {
            stream.Started = false;
            return;
        }

        if (!clockRates.TryGetValue(packet.PayloadType, out var clockRate))
        {
            return;
        }

        stream.Add(packet.SequenceNumber, packet.Timestamp, now, clockRate);
        if (SendStamp.TryRead(packet.Payload, window.RunStart, now, out var sent))
        {
            window.Latency.Record((long)Stopwatch.GetElapsedTime(sent, now).TotalMicroseconds);
        }
    }

    private StreamState Find(uint ssrc)
    {
        foreach (var stream in _streams)
        {
            if (stream.Ssrc == ssrc)
            {
                return stream;
            }
        }

        var added = new StreamState(ssrc);
        _streams.Add(added);
        return added;
    }

    public sealed class StreamState(uint ssrc)
    {
        private long _baseSequence;
        private long _maxSequence;
        private double _lastTransit;

        public uint Ssrc => ssrc;

        public bool Started;

        public long Received;

        /// <summary>Packets expected in the window: highest extended sequence − first + 1.</summary>
        public long Expected => Received == 0 ? 0 : _maxSequence - _baseSequence + 1;

        /// <summary>RFC 3550 A.8 jitter in seconds.</summary>
        public double JitterSeconds;

        public void Add(ushort sequence, uint rtpTimestamp, long arrival, int clockRate)
        {
            var arrivalUnits = Stopwatch.GetElapsedTime(0, arrival).TotalSeconds * clockRate;
            if (!Started)
            {
                Started = true;
                _baseSequence = _maxSequence = sequence;
                Received = 0;
                _lastTransit = arrivalUnits - rtpTimestamp;
            }

            // Extend the 16-bit sequence against the highest seen (RFC 3550 A.1).
            var extended = _maxSequence + (short)(ushort)(sequence - (ushort)_maxSequence);
            _maxSequence = Math.Max(_maxSequence, extended);
            Received++;

            var transit = arrivalUnits - rtpTimestamp;
            var d = Math.Abs(transit - _lastTransit);
            _lastTransit = transit;
            // Transit differences across a 32-bit timestamp wrap are not jitter.
            if (d < clockRate)
            {
                JitterSeconds += ((d / clockRate) - JitterSeconds) / 16;
            }
        }
    }
}
