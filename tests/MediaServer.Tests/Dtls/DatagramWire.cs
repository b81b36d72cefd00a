using Messenger.MediaServer.Dtls;

namespace Messenger.MediaServer.Tests.Dtls;

/// <summary>Decides whether the datagram with this per-direction index is lost.</summary>
internal delegate bool DropRule(ReadOnlySpan<byte> datagram, int index);

/// <summary>
/// One direction of an in-memory UDP path between two endpoints. Loss is drawn from a seeded generator so a test
/// sees the same pattern on every run, and never more than <see cref="MaxConsecutiveDrops"/> in a row so every
/// retransmission schedule is bounded.
/// </summary>
internal sealed class DatagramWire(double lossRate = 0, int seed = 1) : IDatagramSender
{
    private const int MaxConsecutiveDrops = 2;

    private readonly object _gate = new();
    private readonly Random _random = new(seed);
    private int _consecutiveDrops;

    public DtlsEndpoint? Target { get; set; }

    public DropRule? Drop { get; set; }

    public int SentCount { get; private set; }

    public int DroppedCount { get; private set; }

    public void Send(ReadOnlySpan<byte> datagram)
    {
        bool drop;
        lock (_gate)
        {
            int index = SentCount++;
            drop = Drop?.Invoke(datagram, index) == true;
            if (!drop && lossRate > 0 && _consecutiveDrops < MaxConsecutiveDrops)
            {
                drop = _random.NextDouble() < lossRate;
            }

            _consecutiveDrops = drop ? _consecutiveDrops + 1 : 0;
            if (drop)
            {
                DroppedCount++;
            }
        }

        if (!drop)
        {
            Target?.Enqueue(datagram);
        }
    }
}
