using System.Net;
using BenchmarkDotNet.Attributes;
using Messenger.MediaServer.Ice;
using Messenger.MediaServer.Stun;
using Messenger.MediaServer.Transport;

namespace Messenger.Benchmarks;

/// <summary>
/// The per-check work of the ICE-lite server: parse, verify fingerprint and HMAC, write the success
/// response. A browser sends one check every few seconds per session, so this bounds STUN CPU; all of it
/// must run without allocating.
/// </summary>
[MemoryDiagnoser]
public class StunBenchmarks
{
    private readonly byte[] _response = new byte[256];
    private readonly byte[] _request = new byte[256];
    private readonly TransportRouter _router = new();
    private IceLiteAgent _agent = null!;
    private IceClientChecker _client = null!;
    private TransportAddress _remote;
    private StunTransactionId _transactionId;
    private int _requestLength;

    [GlobalSetup]
    public void Setup()
    {
        _agent = new IceLiteAgent(TimeProvider.System);
        _agent.SetRemoteCredentials("brwsr", "browserPasswordThatIs24c");
        _client = new IceClientChecker("brwsr", _agent.LocalUfrag, _agent.LocalPassword, 0x1122334455667788);
        _remote = TransportAddress.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 50000));
        _transactionId = StunTransactionId.NewRandom();
        _client.TryWriteBindingRequest(_request, _transactionId, 0x6e0001ff, useCandidate: true, out _requestLength);
        _router.RegisterUfrag(_agent.LocalUfrag, new NullSession());
    }

    [Benchmark]
    public StunParseResult ParseAndValidate()
    {
        StunParseResult result = StunMessage.TryParse(_request.AsSpan(0, _requestLength), out StunMessage message);
        if (result != StunParseResult.Ok)
        {
            return result;
        }

        result = message.ValidateFingerprint();
        return result != StunParseResult.Ok ? result : message.ValidateMessageIntegrity("0123456789abcdefghijkl"u8);
    }

    [Benchmark(Baseline = true)]
    public int ParseValidateAnswer()
    {
        _agent.HandleBindingRequest(_request.AsSpan(0, _requestLength), _remote, _response, out int length);
        return length;
    }

    [Benchmark]
    public bool RouteByUsername()
    {
        StunMessage.TryParse(_request.AsSpan(0, _requestLength), out StunMessage message);
        message.TryGetUsername(out ReadOnlySpan<byte> username);
        return _router.TryGetByUsername(username, out _);
    }

    [Benchmark]
    public IceResponseResult ClientWriteRequestAndValidateAnswer()
    {
        _client.TryWriteBindingRequest(_request, _transactionId, 0x6e0001ff, useCandidate: true, out _requestLength);
        _agent.HandleBindingRequest(_request.AsSpan(0, _requestLength), _remote, _response, out int length);
        return _client.ValidateResponse(_response.AsSpan(0, length), _transactionId, out _, out _);
    }

    private sealed class NullSession : ITransportSession
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
}
