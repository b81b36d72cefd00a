using Messenger.MediaServer.Ice;
using Messenger.MediaServer.Stun;
using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Tests.Transport;

/// <summary>A session that does nothing; only its identity matters to routing tests.</summary>
internal sealed class StubSession : ITransportSession
{
    public IceCheckResult OnBindingRequest(in StunMessage request, TransportAddress remote, Span<byte> response, out int responseLength)
    {
        responseLength = 0;
        return IceCheckResult.Malformed;
    }

    public void OnDtls(ReadOnlySpan<byte> datagram, TransportAddress remote)
    {
    }

    public void OnRtpOrRtcp(Span<byte> datagram, TransportAddress remote)
    {
    }
}
