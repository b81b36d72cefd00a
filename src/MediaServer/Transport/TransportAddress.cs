using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Messenger.MediaServer.Transport;

/// <summary>
/// An IP address plus UDP port as a plain value (RFC 8489 §3 "transport address"). It is the key of the
/// per-address routing table and the value ICE records for a valid pair, so it is built from the receive
/// loop's reused <see cref="SocketAddress"/> without allocating.
/// </summary>
/// <remarks>
/// The address is kept in network byte order in two 64-bit halves; an IPv4 address lives in the low 32 bits
/// of <see cref="_low"/>. The IPv6 scope id and flow label are not kept: the SFU announces global or loopback
/// addresses only.
/// </remarks>
public readonly struct TransportAddress : IEquatable<TransportAddress>
{
    // Offsets inside a raw sockaddr that are the same on Linux, Windows and macOS (macOS puts sa_len in byte 0
    // and the family in byte 1, the others a 16-bit family; port and address offsets agree everywhere).
    private const int PortOffset = 2;
    private const int IPv4Offset = 4;
    private const int IPv6Offset = 8;

    private readonly ulong _high;
    private readonly ulong _low;
    private readonly ushort _port;
    private readonly bool _isIPv6;

    private TransportAddress(bool isIPv6, ulong high, ulong low, ushort port)
    {
        _isIPv6 = isIPv6;
        _high = high;
        _low = low;
        _port = port;
    }

    public ushort Port => _port;

    public AddressFamily Family => _isIPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    public bool IsIPv6 => _isIPv6;

    /// <summary>True for an IPv4 address seen through a dual-mode IPv6 socket (::ffff:a.b.c.d).</summary>
    public bool IsIPv4MappedToIPv6 => _isIPv6 && _high == 0 && (_low >> 32) == 0xFFFF;

    /// <summary>Length in bytes of the address written by <see cref="WriteAddressBytes"/>: 4 or 16.</summary>
    public int AddressLength => _isIPv6 ? 16 : 4;

    public static TransportAddress FromIPv4(uint addressNetworkOrder, ushort port) =>
        new(false, 0, addressNetworkOrder, port);

    /// <summary>Builds an address from 4 or 16 network-order bytes; false for any other length.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> address, ushort port, out TransportAddress result)
    {
        if (address.Length == 4)
        {
            result = new TransportAddress(false, 0, BinaryPrimitives.ReadUInt32BigEndian(address), port);
            return true;
        }

        if (address.Length == 16)
        {
            result = new TransportAddress(
                true,
                BinaryPrimitives.ReadUInt64BigEndian(address),
                BinaryPrimitives.ReadUInt64BigEndian(address[8..]),
                port);
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>Reads the address the socket filled in. False for families other than IPv4/IPv6.</summary>
    public static bool TryFromSocketAddress(SocketAddress socketAddress, out TransportAddress result)
    {
        ReadOnlySpan<byte> raw = socketAddress.Buffer.Span[..socketAddress.Size];
        switch (socketAddress.Family)
        {
            case AddressFamily.InterNetwork when raw.Length >= IPv4Offset + 4:
                result = new TransportAddress(
                    false,
                    0,
                    BinaryPrimitives.ReadUInt32BigEndian(raw[IPv4Offset..]),
                    BinaryPrimitives.ReadUInt16BigEndian(raw[PortOffset..]));
                return true;
            case AddressFamily.InterNetworkV6 when raw.Length >= IPv6Offset + 16:
                result = new TransportAddress(
                    true,
                    BinaryPrimitives.ReadUInt64BigEndian(raw[IPv6Offset..]),
                    BinaryPrimitives.ReadUInt64BigEndian(raw[(IPv6Offset + 8)..]),
                    BinaryPrimitives.ReadUInt16BigEndian(raw[PortOffset..]));
                return true;
            default:
                result = default;
                return false;
        }
    }

    public static TransportAddress FromIPEndPoint(IPEndPoint endPoint)
    {
        Span<byte> bytes = stackalloc byte[16];
        endPoint.Address.TryWriteBytes(bytes, out int written);
        TryCreate(bytes[..written], (ushort)endPoint.Port, out TransportAddress result);
        return result;
    }

    /// <summary>
    /// Writes port and address into a <see cref="SocketAddress"/> created for <see cref="Family"/>
    /// (its constructor already wrote the platform's family field). False when the families differ.
    /// </summary>
    public bool TryWriteTo(SocketAddress destination)
    {
        if (destination.Family != Family || destination.Buffer.Length < (_isIPv6 ? 28 : 8))
        {
            return false;
        }

        Span<byte> raw = destination.Buffer.Span;
        BinaryPrimitives.WriteUInt16BigEndian(raw[PortOffset..], _port);
        if (_isIPv6)
        {
            raw.Slice(4, 4).Clear(); // flow info
            BinaryPrimitives.WriteUInt64BigEndian(raw[IPv6Offset..], _high);
            BinaryPrimitives.WriteUInt64BigEndian(raw[(IPv6Offset + 8)..], _low);
            raw.Slice(24, 4).Clear(); // scope id
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(raw[IPv4Offset..], (uint)_low);
        }

        return true;
    }

    /// <summary>Writes the 4 or 16 address bytes in network order; returns the count written or 0 if too small.</summary>
    public int WriteAddressBytes(Span<byte> destination)
    {
        if (_isIPv6)
        {
            if (destination.Length < 16)
            {
                return 0;
            }

            BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
            BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
            return 16;
        }

        if (destination.Length < 4)
        {
            return 0;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)_low);
        return 4;
    }

    /// <summary>The IPv4 form of an IPv4-mapped IPv6 address; any other address is returned unchanged.</summary>
    public TransportAddress UnmapIPv4() =>
        IsIPv4MappedToIPv6 ? new TransportAddress(false, 0, (uint)_low, _port) : this;

    /// <summary>The ::ffff:a.b.c.d form a dual-mode IPv6 socket needs to reach an IPv4 peer.</summary>
    public TransportAddress MapToIPv6() =>
        _isIPv6 ? this : new TransportAddress(true, 0, 0xFFFF_0000_0000UL | _low, _port);

    /// <summary>Allocates; for tests, logs and the control plane, not the packet path.</summary>
    public IPEndPoint ToIPEndPoint()
    {
        Span<byte> bytes = stackalloc byte[16];
        int length = WriteAddressBytes(bytes);
        return new IPEndPoint(new IPAddress(bytes[..length]), _port);
    }

    public bool Equals(TransportAddress other) =>
        _low == other._low && _high == other._high && _port == other._port && _isIPv6 == other._isIPv6;

    public override bool Equals(object? obj) => obj is TransportAddress other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_high, _low, _port, _isIPv6);

    public static bool operator ==(TransportAddress left, TransportAddress right) => left.Equals(right);

    public static bool operator !=(TransportAddress left, TransportAddress right) => !left.Equals(right);

    public override string ToString() => ToIPEndPoint().ToString();
}
