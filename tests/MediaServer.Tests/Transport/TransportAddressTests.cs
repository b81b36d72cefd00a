using System.Net;
using System.Net.Sockets;
using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Tests.Transport;

public sealed class TransportAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", 5000)]
    [InlineData("255.255.255.255", 65535)]
    [InlineData("::1", 1)]
    [InlineData("2001:db8:1234:5678:11:2233:4455:6677", 32853)]
    public void SocketAddress_RoundTrips(string ip, int port)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(ip), port);
        SocketAddress socketAddress = endPoint.Serialize();

        Assert.True(TransportAddress.TryFromSocketAddress(socketAddress, out TransportAddress address));
        Assert.Equal(endPoint, address.ToIPEndPoint());
        Assert.Equal(TransportAddress.FromIPEndPoint(endPoint), address);

        var written = new SocketAddress(endPoint.AddressFamily);
        Assert.True(address.TryWriteTo(written));
        Assert.Equal(endPoint, (IPEndPoint)endPoint.Create(written));
    }

    [Fact]
    public void Equality_CoversAddressPortAndFamily()
    {
        TransportAddress a = TransportAddress.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("198.51.100.1"), 1000));
        TransportAddress samePlace = TransportAddress.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("198.51.100.1"), 1000));
        TransportAddress otherPort = TransportAddress.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("198.51.100.1"), 1001));
        TransportAddress otherIp = TransportAddress.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("198.51.100.2"), 1000));
        TransportAddress mapped = TransportAddress.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("::ffff:198.51.100.1"), 1000));

        Assert.Equal(a, samePlace);
        Assert.Equal(a.GetHashCode(), samePlace.GetHashCode());
        Assert.NotEqual(a, otherPort);
        Assert.NotEqual(a, otherIp);
        Assert.NotEqual(a, mapped);
        Assert.True(mapped.IsIPv4MappedToIPv6);
        Assert.Equal(a, mapped.UnmapIPv4());
        Assert.Equal(mapped, a.MapToIPv6());
    }

    [Fact]
    public void WritingIntoOtherFamily_IsRefused()
    {
        TransportAddress v4 = TransportAddress.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 1));

        Assert.False(v4.TryWriteTo(new SocketAddress(AddressFamily.InterNetworkV6)));
    }
}
