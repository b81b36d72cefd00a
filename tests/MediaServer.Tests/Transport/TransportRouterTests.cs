using System.Net;
using System.Text;
using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Tests.Transport;

public sealed class TransportRouterTests
{
    private static readonly TransportAddress Remote = TransportAddress.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 4000));

    private readonly TransportRouter _router = new();
    private readonly StubSession _session = new();

    [Theory]
    [InlineData("abcd:peer", true)]
    [InlineData("abcd", true)]
    [InlineData("abcd:", true)]
    [InlineData("abce:peer", false)]
    [InlineData("ABCD:peer", false)]
    [InlineData(":peer", false)]
    [InlineData("", false)]
    public void Username_RoutesByPartBeforeColon(string username, bool found)
    {
        Assert.True(_router.RegisterUfrag("abcd", _session));

        Assert.Equal(found, _router.TryGetByUsername(Encoding.ASCII.GetBytes(username), out ITransportSession session));
        Assert.Equal(found, ReferenceEquals(session, _session));
    }

    [Fact]
    public void NonAsciiOrOverlongUsername_IsNotFound()
    {
        _router.RegisterUfrag("abcd", _session);

        Assert.False(_router.TryGetByUsername([0x61, 0x62, 0xC3, 0xA9, 0x3A], out _));
        Assert.False(_router.TryGetByUsername(Encoding.ASCII.GetBytes(new string('a', 300)), out _));
    }

    [Fact]
    public void DuplicateUfrag_IsRefused()
    {
        Assert.True(_router.RegisterUfrag("abcd", _session));
        Assert.False(_router.RegisterUfrag("abcd", new StubSession()));
    }

    [Fact]
    public void Bind_RoutesAddressAndRemoveSessionForgetsEverything()
    {
        _router.RegisterUfrag("abcd", _session);
        _router.Bind(Remote, _session);
        _router.Bind(Remote, _session);

        Assert.True(_router.TryGetByAddress(Remote, out ITransportSession bound));
        Assert.Same(_session, bound);
        Assert.Equal(1, _router.BoundAddressCount);

        _router.RemoveSession(_session);

        Assert.False(_router.TryGetByAddress(Remote, out _));
        Assert.False(_router.TryGetByUsername("abcd:x"u8, out _));
    }

    [Fact]
    public void Bind_MovesAddressToNewerSession()
    {
        var other = new StubSession();
        _router.Bind(Remote, _session);
        _router.Bind(Remote, other);

        Assert.True(_router.TryGetByAddress(Remote, out ITransportSession bound));
        Assert.Same(other, bound);
    }
}
