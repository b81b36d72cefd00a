using System.Net;
using System.Net.Sockets;
using Messenger.MediaServer.Dtls;

namespace Messenger.MediaServer.Tests.Dtls;

/// <summary>
/// A loopback UDP socket carrying one <see cref="DtlsEndpoint"/>'s datagrams, standing in for the ICE transport
/// when the peer is a real process. It replies to whoever last sent to it unless given a fixed remote.
/// </summary>
internal sealed class UdpDtlsHarness : IDatagramSender, IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private EndPoint? _remote;
    private Task _receiving = Task.CompletedTask;

    public UdpDtlsHarness(IPEndPoint? remote = null)
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _remote = remote;
    }

    public int LocalPort => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public void Start(DtlsEndpoint endpoint) => _receiving = ReceiveLoopAsync(endpoint);

    public void Send(ReadOnlySpan<byte> datagram)
    {
        EndPoint? remote = Volatile.Read(ref _remote);
        if (remote is not null)
        {
            _socket.SendTo(datagram, SocketFlags.None, remote);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _receiving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The socket was closed under the pending receive; that is how the loop ends.
        }

        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync(DtlsEndpoint endpoint)
    {
        byte[] buffer = new byte[2048];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Volatile.Write(ref _remote, received.RemoteEndPoint);
            endpoint.Enqueue(buffer.AsSpan(0, received.ReceivedBytes));
        }
    }
}
