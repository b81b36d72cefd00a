using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Messenger.Signalling.Tests.Infrastructure;

/// <summary>
/// A real coturn (Debian's <c>turnserver</c>) on 127.0.0.1 with a temporary configuration in the TURN REST API mode
/// (docs/turn.md), started for one test class and killed afterwards. It must be told to relay to loopback peers
/// (<c>allow-loopback-peers</c>): by default coturn refuses them, and our media server announces 127.0.0.1 in tests.
/// </summary>
public sealed class Coturn : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/turnserver";
    public const string Secret = "coturn-test-secret";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "messenger-coturn", Guid.NewGuid().ToString("N"));
    private readonly StringBuilder _log = new();
    private Process? _process;

    public int Port { get; private set; }

    public string Url => $"turn:127.0.0.1:{Port}?transport=udp";

    /// <summary>What coturn printed, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing; scripts/install-test-deps.sh installs coturn.");
        }

        Directory.CreateDirectory(_folder);
        Port = FreeUdpPort();
        // Relay ports from a random stretch, so concurrent runs rarely collide.
        var relayFrom = 50000 + Random.Shared.Next(0, 10000);
        var config = Path.Combine(_folder, "turnserver.conf");
        await File.WriteAllTextAsync(config, string.Join('\n',
        [
            "listening-ip=127.0.0.1",
            "relay-ip=127.0.0.1",
            $"listening-port={Port}",
            $"min-port={relayFrom}",
            $"max-port={relayFrom + 200}",
            "realm=messenger.test",
            "use-auth-secret",
            $"static-auth-secret={Secret}",
            "fingerprint",
            "no-tls",
            "no-dtls",
            "no-cli",
            "allow-loopback-peers",
            "no-multicast-peers",
            $"userdb={Path.Combine(_folder, "turndb")}",
            $"pidfile={Path.Combine(_folder, "turnserver.pid")}",
            "log-file=stdout",
            "simple-log",
            "",
        ]));

        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(config);
        _process = Process.Start(start) ?? throw new InvalidOperationException("turnserver did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        if (!await AnswersStunAsync(TimeSpan.FromSeconds(10)))
        {
            throw new InvalidOperationException("coturn did not answer a STUN binding request in 10 s:\n" + Log);
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    /// <summary>Ready when it answers an RFC 8489 Binding request (no credentials needed for Binding).</summary>
    private async Task<bool> AnswersStunAsync(TimeSpan limit)
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var request = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(request, 0x0001);
        BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(4), 0x2112A442);
        RandomNumberGenerator.Fill(request.AsSpan(8, 12));
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline && _process is { HasExited: false })
        {
            await socket.SendAsync(request, new IPEndPoint(IPAddress.Loopback, Port));
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(250));
            try
            {
                var reply = await socket.ReceiveAsync(wait.Token);
                if (reply.Buffer.Length >= 20 && BinaryPrimitives.ReadUInt16BigEndian(reply.Buffer) == 0x0101)
                {
                    return true;
                }
            }
            catch (OperationCanceledException)
            {
                // Not up yet; ask again.
            }
        }

        return false;
    }

    private static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }
}
