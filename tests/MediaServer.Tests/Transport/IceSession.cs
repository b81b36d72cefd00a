using System.Threading.Channels;
using Messenger.MediaServer.Ice;
using Messenger.MediaServer.Stun;
using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Tests.Transport;

/// <summary>A minimal real session: ICE-lite answers checks; DTLS and media first bytes are recorded.</summary>
internal sealed class IceSession : ITransportSession
{
    private readonly Channel<(string Kind, byte FirstByte)> _received = Channel.CreateUnbounded<(string, byte)>();

    public IceSession(IceLiteAgent agent) => Agent = agent;

    public IceLiteAgent Agent { get; }

    public bool ThrowOnDtls { get; set; }

    public ChannelReader<(string Kind, byte FirstByte)> Received => _received.Reader;

    public IceCheckResult OnBindingRequest(in StunMessage request, TransportAddress remote, Span<byte> response, out int responseLength) =>
        Agent.HandleBindingRequest(request, remote, response, out responseLength);

    public void OnDtls(ReadOnlySpan<byte> datagram, TransportAddress remote)
    {
        if (ThrowOnDtls)
        {
            throw new InvalidOperationException("handler bug");
        }

        _received.Writer.TryWrite(("dtls", datagram[0]));
    }

    public void OnRtpOrRtcp(Span<byte> datagram, TransportAddress remote) =>
        _received.Writer.TryWrite(("rtp", datagram[0]));
}
