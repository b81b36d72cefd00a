using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Messenger.Signalling.Bots;

/// <summary>
/// Keeps webhooks from reaching the server's own network (server-side request forgery): any user can create a bot
/// and name a webhook URL, so by default we refuse to connect to loopback, private (RFC 1918, RFC 4193), link-local
/// (cloud metadata at 169.254.169.254 included), CGNAT, multicast and unspecified addresses. The check runs on the
/// address actually connected to, after DNS, so a name that resolves to an inside address is refused too.
/// </summary>
public static class WebhookAddressPolicy
{
    /// <summary>The IPv4 blocks a webhook may not reach, besides loopback and broadcast.</summary>
    public static IReadOnlyList<IPv4Block> RefusedIPv4Blocks { get; } =
    [
        new(0x0000_0000, 8),  // 0/8 "this network" (RFC 791)
        new(0x0A00_0000, 8),  // 10/8 private (RFC 1918)
        new(0x6440_0000, 10), // 100.64/10 shared address space, CGNAT (RFC 6598)
        new(0xA9FE_0000, 16), // 169.254/16 link-local, cloud metadata included (RFC 3927)
        new(0xAC10_0000, 12), // 172.16/12 private (RFC 1918)
        new(0xC0A8_0000, 16), // 192.168/16 private (RFC 1918)
        new(0xE000_0000, 3),  // 224/3 multicast and reserved (RFC 5771, RFC 1112)
    ];

    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
            || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> bytes = stackalloc byte[4];
            address.TryWriteBytes(bytes, out _);
            var value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
            foreach (var block in RefusedIPv4Blocks)
            {
                if (block.Contains(value))
                {
                    return false;
                }
            }

            return true;
        }

        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
    }

    /// <summary>A connect callback for <see cref="SocketsHttpHandler.ConnectCallback"/> that enforces the policy.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
        var allowed = allowPrivate ? addresses : addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"refused: {context.DnsEndPoint.Host} is not a public address (Messenger:Bots:AllowPrivateWebhookAddresses)");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>An IPv4 block in CIDR form: the first address as a big-endian number, and the prefix length.</summary>
public readonly record struct IPv4Block(uint First, int PrefixLength)
{
    public uint Last => First | (uint)((1UL << (32 - PrefixLength)) - 1);

    public bool Contains(uint address) => address >= First && address <= Last;
}
