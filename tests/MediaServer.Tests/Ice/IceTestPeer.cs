using System.Net;
using Messenger.MediaServer.Ice;
using Messenger.MediaServer.Stun;
using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Tests.Ice;

/// <summary>Plays the browser (controlling, full ICE) against an <see cref="IceLiteAgent"/>.</summary>
internal sealed class IceTestPeer
{
    public const string Ufrag = "brwsr";
    public const string Password = "browserPasswordThatIs24c";

    public IceTestPeer(IceLiteAgent server, string? serverPassword = null, string ufrag = Ufrag)
    {
        Checker = new IceClientChecker(ufrag, server.LocalUfrag, serverPassword ?? server.LocalPassword, 0x1122334455667788);
    }

    public IceClientChecker Checker { get; }

    public static TransportAddress Address(string ip, int port) =>
        TransportAddress.FromIPEndPoint(new IPEndPoint(IPAddress.Parse(ip), port));

    public byte[] Request(StunTransactionId id, bool useCandidate = false)
    {
        var buffer = new byte[256];
        Assert.True(Checker.TryWriteBindingRequest(buffer, id, 0x6e0001ff, useCandidate, out int length));
        return buffer[..length];
    }
}
