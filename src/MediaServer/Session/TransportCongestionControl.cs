using Messenger.MediaServer.Bandwidth;
using Messenger.MediaServer.Interceptors;
using Messenger.MediaServer.Rtcp;
using Messenger.MediaServer.Rtp;

namespace Messenger.MediaServer.Session;

/// <summary>
/// Transport-wide congestion control for one connection (draft-holmer-rmcat-transport-wide-cc-extensions-01), both
/// ways: it records the transport-wide sequence numbers the peer sends us so we can send feedback, stamps our own
/// numbers on what we send, and feeds the peer's feedback (or REMB) to a send-side estimate. The receive loop, the
/// feedback tick and the allocator touch it from different threads, so each half has its own lock.
/// </summary>
public sealed class TransportCongestionControl(TimeProvider clock)
{
    private readonly TwccRecorder _received = new(clock);
    private readonly SendSideEstimator _estimator = new(clock) { IncreasePerSecond = 1.25 };
    private byte _extensionId;
    private ushort _sentSequence;
    private long _lastFeedback;

    /// <summary>The negotiated extension id (one for the whole BUNDLE transport); 0 switches this off.</summary>
    public void SetExtensionId(int id)
    {
        if (id is > 0 and < 15)
        {
            _extensionId = (byte)id;
        }
    }

    /// <summary>What the estimate says we can send the peer, in bits per second.</summary>
    public long EstimateBps
    {
        get
        {
            lock (_estimator)
            {
                return _estimator.EstimateBps;
            }
        }
    }

    /// <summary>True while the estimator sees neither rising delay nor more than 2 % loss.</summary>
    public bool PathClean
    {
        get
        {
            lock (_estimator)
            {
                return _estimator.DelayState != BandwidthUsage.Overusing && _estimator.LossFraction < 0.02;
            }
        }
    }

    /// <summary>True once transport-cc feedback from the peer has driven the estimate.</summary>
    public bool HasFeedback => Interlocked.Read(ref _lastFeedback) != 0;

    /// <summary>Records an incoming packet's transport-wide sequence number (receive loop).</summary>
    public void OnPacketReceived(RtpPacket packet)
    {
        if (_extensionId != 0 && packet.TryGetExtension(_extensionId, out var value)
            && RtpExtensionValues.TryReadTransportSequence(value, out var sequence))
        {
            lock (_received)
            {
                _received.OnPacket(sequence);
            }
        }
    }

    /// <summary>Writes our next transport-wide sequence number into an outgoing packet and remembers its size.</summary>
    public void OnPacketSending(Span<byte> packet)
    {
        if (_extensionId == 0 || RtpPacket.TryParse(packet, out var rtp) != RtpParseResult.Ok
            || !rtp.TryGetExtension(_extensionId, out var value) || !RtpExtensionValues.TryWriteTransportSequence(value, ++_sentSequence))
        {
            return;
        }

        lock (_estimator)
        {
            _estimator.OnPacketSent(_sentSequence, packet.Length);
        }
    }

    public void OnTransportFeedback(in TransportFeedback feedback)
    {
        lock (_estimator)
        {
            _estimator.OnTransportFeedback(feedback);
        }

        Interlocked.Exchange(ref _lastFeedback, clock.GetTimestamp());
    }

    public void OnRemb(ulong bitrate)
    {
        lock (_estimator)
        {
            _estimator.OnRemb(bitrate);
        }
    }

    /// <summary>Writes one feedback packet for what arrived since the last one; false when there is nothing to say.</summary>
    public bool TryBuildFeedback(Span<byte> destination, uint senderSsrc, uint mediaSsrc, out int written)
    {
        written = 0;
        if (_extensionId == 0)
        {
            return false;
        }

        lock (_received)
        {
            return _received.HasPending && _received.TryBuildFeedback(destination, senderSsrc, mediaSsrc, out written);
        }
    }
}
