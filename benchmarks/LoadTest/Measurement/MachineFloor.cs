using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Messenger.LoadTest.Measurement;

/// <summary>
/// The machine's floor for forwarding one packet (issue #8): one AES-128-GCM seal (the SRTP AEAD profile, RFC 7714)
/// plus one loopback UDP send of the same size. Each is timed in a tight loop; the best of three rounds is kept,
/// because other processes on a shared machine can only make a round slower.
/// </summary>
public sealed record MachineFloor(int PacketBytes, double SealMicros, double SendMicros)
{
    public double FloorMicros => SealMicros + SendMicros;

    /// <summary>The floor as CPU-seconds per 1,000 packets, the unit the scenario table uses.</summary>
    public double CpuSecondsPer1000 => FloorMicros / 1000;

    public static MachineFloor Measure(int packetBytes = 1200, int iterations = 50_000)
    {
        return new MachineFloor(packetBytes, Best(() => SealRound(packetBytes, iterations)), Best(() => SendRound(packetBytes, iterations)));
    }

    private static double Best(Func<double> round) => Math.Min(round(), Math.Min(round(), round()));

    private static double SealRound(int packetBytes, int iterations)
    {
        using var gcm = new AesGcm(RandomNumberGenerator.GetBytes(16), 16);
        var plain = RandomNumberGenerator.GetBytes(packetBytes);
        var cipher = new byte[packetBytes];
        var tag = new byte[16];
        Span<byte> nonce = stackalloc byte[12];
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < iterations; i++)
        {
            // A new IV per packet, as SRTP derives one from the packet index.
            BitConverter.TryWriteBytes(nonce, i);
            gcm.Encrypt(nonce, plain, cipher, tag, plain.AsSpan(0, 12));
        }

        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / iterations;
    }

    private static double SendRound(int packetBytes, int iterations)
    {
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.ReceiveBufferSize = 8 << 20;
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var to = receiver.LocalEndPoint!.Serialize();
        var packet = RandomNumberGenerator.GetBytes(packetBytes);
        using var stop = new CancellationTokenSource();
        // Drain on another thread, so the socket buffer never fills and sends keep doing the full delivery.
        var drain = Task.Run(async () =>
        {
            var buffer = new byte[2048];
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await receiver.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // Done.
            }
        });
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < iterations; i++)
        {
            sender.SendTo(packet, SocketFlags.None, to);
        }

        var micros = Stopwatch.GetElapsedTime(start).TotalMicroseconds / iterations;
        stop.Cancel();
        drain.GetAwaiter().GetResult();
        return micros;
    }
}
