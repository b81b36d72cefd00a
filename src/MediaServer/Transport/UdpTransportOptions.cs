using System.Net;

namespace Messenger.MediaServer.Transport;

public sealed class UdpTransportOptions
{
    /// <summary>Local address to bind; IPv6Any makes a dual-mode socket.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>The one UDP port every session shares; 0 lets the OS choose (tests).</summary>
    public int Port { get; init; }

    /// <summary>
    /// Addresses put into host candidates (e.g. the public IP behind 1:1 NAT). Empty means the bind address,
    /// unless that is a wildcard.
    /// </summary>
    public IReadOnlyList<IPAddress> AnnouncedAddresses { get; init; } = [];

    /// <summary>Largest datagram accepted; bigger ones are truncated by the OS and dropped.</summary>
    public int MaxDatagramSize { get; init; } = 2048;

    /// <summary>SO_RCVBUF in bytes, to absorb bursts while the loop is busy; 0 keeps the OS default.</summary>
    public int SocketReceiveBufferBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>SO_SNDBUF in bytes; 0 keeps the OS default.</summary>
    public int SocketSendBufferBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Queue the receive thread's sends and hand them to the kernel with one sendmmsg(2) per received datagram
    /// (Linux only; elsewhere every send is its own sendto).
    /// </summary>
    public bool BatchSends { get; init; } = true;

    /// <summary>
    /// Keep the fan-out off the receive thread: the receive thread only reads datagrams into a ring
    /// (<see cref="ReceiveQueue"/>) and a second thread does demultiplexing, SRTP, routing and the sends. False runs
    /// everything on the receive thread (one fewer hand-off; a slow fan-out then delays the next receive).
    /// </summary>
    public bool FanOutThread { get; init; } = true;

    /// <summary>Slots in the receive ring (a power of two); when all are taken, datagrams are dropped and counted.</summary>
    public int ReceiveQueueSlots { get; init; } = 4096;
}
