using System.Text;
using Messenger.MediaServer.Ice;
using Messenger.MediaServer.Stun;
using Messenger.MediaServer.Tests.Stun;
using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Tests.Ice;

public sealed class IceLiteAgentTests
{
    private static readonly TransportAddress Browser = IceTestPeer.Address("192.0.2.10", 50000);
    private static readonly TransportAddress BrowserV6 = IceTestPeer.Address("2001:db8::10", 50001);

    private readonly ManualTimeProvider _clock = new();
    private readonly IceLiteAgent _agent;
    private readonly byte[] _response = new byte[256];

    public IceLiteAgentTests()
    {
        _agent = new IceLiteAgent(_clock);
        Assert.True(_agent.SetRemoteCredentials(IceTestPeer.Ufrag, IceTestPeer.Password));
    }

    [Theory]
    [InlineData("192.0.2.10", 50000)]
    [InlineData("2001:db8::10", 50001)]
    public void GoodRequest_IsAnsweredWithVerifiableSuccess(string ip, int port)
    {
        var peer = new IceTestPeer(_agent);
        TransportAddress sender = IceTestPeer.Address(ip, port);
        StunTransactionId id = StunTransactionId.NewRandom();

        IceCheckResult result = _agent.HandleBindingRequest(peer.Request(id), sender, _response, out int length);

        Assert.Equal(IceCheckResult.Accepted, result);
        IceResponseResult verdict = peer.Checker.ValidateResponse(_response.AsSpan(0, length), id, out TransportAddress mapped, out _);
        Assert.Equal(IceResponseResult.Success, verdict);
        Assert.Equal(sender, mapped);
        Assert.True(_agent.IsValidRemote(sender));
        Assert.False(_agent.TryGetSelectedRemote(out _));
    }

    [Fact]
    public void Response_DoesNotVerifyWithAnotherPassword()
    {
        var peer = new IceTestPeer(_agent);
        StunTransactionId id = StunTransactionId.NewRandom();
        _agent.HandleBindingRequest(peer.Request(id), Browser, _response, out int length);

        var impostor = new IceClientChecker(IceTestPeer.Ufrag, _agent.LocalUfrag, "someOtherPassword12345678", 1);

        Assert.Equal(IceResponseResult.BadIntegrity, impostor.ValidateResponse(_response.AsSpan(0, length), id, out _, out _));
        Assert.Equal(IceResponseResult.TransactionMismatch, peer.Checker.ValidateResponse(_response.AsSpan(0, length), StunTransactionId.NewRandom(), out _, out _));
    }

    public static TheoryData<string> WrongUsernames => new() { "wrong:brwsr", "{local}:other", "{local}", "{local}:brwsr:x" };

    [Theory]
    [MemberData(nameof(WrongUsernames))]
    public void WrongUsername_IsAnswered401AndNotRecorded(string usernameTemplate)
    {
        string username = usernameTemplate.Replace("{local}", _agent.LocalUfrag, StringComparison.Ordinal);
        byte[] request = BuildRequest(Encoding.ASCII.GetBytes(username), _agent.LocalPassword);

        IceCheckResult result = _agent.HandleBindingRequest(request, Browser, _response, out int length);

        Assert.Equal(IceCheckResult.UnknownUsername, result);
        AssertErrorResponse(length, 401);
        Assert.False(_agent.IsValidRemote(Browser));
    }

    [Fact]
    public void WrongPassword_IsAnswered401AndNotRecorded()
    {
        var peer = new IceTestPeer(_agent, serverPassword: "notTheServerPassword1234");

        IceCheckResult result = _agent.HandleBindingRequest(peer.Request(StunTransactionId.NewRandom()), Browser, _response, out int length);

        Assert.Equal(IceCheckResult.BadIntegrity, result);
        AssertErrorResponse(length, 401);
        Assert.False(_agent.IsValidRemote(Browser));
    }

    [Fact]
    public void MissingFingerprint_IsDroppedSilently()
    {
        byte[] request = BuildRequest(UsernameFor(_agent), _agent.LocalPassword, fingerprint: false);

        Assert.Equal(IceCheckResult.MissingFingerprint, _agent.HandleBindingRequest(request, Browser, _response, out int length));
        Assert.Equal(0, length);
    }

    [Fact]
    public void BadFingerprint_IsDroppedSilently()
    {
        byte[] request = BuildRequest(UsernameFor(_agent), _agent.LocalPassword);
        request[^1] ^= 0xFF;

        Assert.Equal(IceCheckResult.BadFingerprint, _agent.HandleBindingRequest(request, Browser, _response, out int length));
        Assert.Equal(0, length);
    }

    [Theory]
    [InlineData(false, true, true)]
    [InlineData(true, false, true)]
    [InlineData(true, true, false)]
    public void MissingRequiredAttribute_IsAnswered400(bool username, bool integrity, bool priority)
    {
        byte[] request = BuildRequest(username ? UsernameFor(_agent) : [], _agent.LocalPassword, integrity: integrity, priority: priority);

        Assert.Equal(IceCheckResult.BadRequest, _agent.HandleBindingRequest(request, Browser, _response, out int length));
        AssertErrorResponse(length, 400);
    }

    [Fact]
    public void PeerClaimingControlled_GetsRoleConflict()
    {
        byte[] request = BuildRequest(UsernameFor(_agent), _agent.LocalPassword, controlled: true);

        Assert.Equal(IceCheckResult.RoleConflict, _agent.HandleBindingRequest(request, Browser, _response, out int length));
        AssertErrorResponse(length, 487);
        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(_response.AsSpan(0, length), out StunMessage message));
        Assert.Equal(StunParseResult.Ok, message.ValidateMessageIntegrity(Encoding.ASCII.GetBytes(_agent.LocalPassword)));
    }

    [Fact]
    public void NonRequest_IsIgnored()
    {
        Assert.Equal(IceCheckResult.NotBindingRequest, _agent.HandleBindingRequest(Rfc5769Vectors.SampleIPv4Response, Browser, _response, out int length));
        Assert.Equal(0, length);
        Assert.Equal(IceCheckResult.Malformed, _agent.HandleBindingRequest([0x00, 0x01], Browser, _response, out _));
    }

    [Fact]
    public void TinyResponseBuffer_RecordsNothing()
    {
        var peer = new IceTestPeer(_agent);

        IceCheckResult result = _agent.HandleBindingRequest(peer.Request(StunTransactionId.NewRandom()), Browser, new byte[40], out int length);

        Assert.Equal(IceCheckResult.ResponseBufferTooSmall, result);
        Assert.Equal(0, length);
        Assert.False(_agent.IsValidRemote(Browser));
    }

    [Fact]
    public void UseCandidate_NominatesTheSender()
    {
        var peer = new IceTestPeer(_agent);
        _agent.HandleBindingRequest(peer.Request(StunTransactionId.NewRandom()), BrowserV6, _response, out _);

        IceCheckResult result = _agent.HandleBindingRequest(peer.Request(StunTransactionId.NewRandom(), useCandidate: true), Browser, _response, out _);
        IceCheckResult later = _agent.HandleBindingRequest(peer.Request(StunTransactionId.NewRandom()), BrowserV6, _response, out _);

        Assert.Equal(IceCheckResult.Nominated, result);
        Assert.Equal(IceCheckResult.Accepted, later);
        Assert.True(_agent.TryGetSelectedRemote(out TransportAddress selected));
        Assert.Equal(Browser, selected);
    }

    [Fact]
    public void RequestBeforeRemoteSdp_IsCheckedOnOurHalfOfUsername()
    {
        var agent = new IceLiteAgent(_clock);
        var peer = new IceTestPeer(agent, ufrag: "early");

        Assert.Equal(IceCheckResult.Accepted, agent.HandleBindingRequest(peer.Request(StunTransactionId.NewRandom()), Browser, _response, out _));
        Assert.Equal(IceCheckResult.UnknownUsername, agent.HandleBindingRequest(BuildRequest(Encoding.ASCII.GetBytes(agent.LocalUfrag + ":"), agent.LocalPassword), Browser, _response, out _));
    }

    [Fact]
    public void Restart_ChangesLocalCredentialsAndKeepsSelectedPair()
    {
        var oldPeer = new IceTestPeer(_agent);
        _agent.HandleBindingRequest(oldPeer.Request(StunTransactionId.NewRandom(), useCandidate: true), Browser, _response, out _);
        string oldUfrag = _agent.LocalUfrag;
        string oldPassword = _agent.LocalPassword;

        Assert.True(_agent.Restart("brwsr2", "browserPasswordNumberTwo"));

        Assert.NotEqual(oldUfrag, _agent.LocalUfrag);
        Assert.NotEqual(oldPassword, _agent.LocalPassword);
        Assert.Equal("brwsr2", _agent.RemoteCredentials!.Ufrag);
        Assert.True(_agent.TryGetSelectedRemote(out TransportAddress selected));
        Assert.Equal(Browser, selected);
        Assert.Equal(IceCheckResult.UnknownUsername, _agent.HandleBindingRequest(oldPeer.Request(StunTransactionId.NewRandom()), Browser, _response, out _));
        var newPeer = new IceTestPeer(_agent, ufrag: "brwsr2");
        Assert.Equal(IceCheckResult.Accepted, _agent.HandleBindingRequest(newPeer.Request(StunTransactionId.NewRandom()), Browser, _response, out _));
    }

    [Fact]
    public void InvalidRemoteCredentials_AreRefusedWithoutChange()
    {
        string ufrag = _agent.LocalUfrag;

        Assert.False(_agent.SetRemoteCredentials("a:b", IceTestPeer.Password));
        Assert.False(_agent.Restart("brwsr", "short"));
        Assert.Equal(ufrag, _agent.LocalUfrag);
        Assert.Equal(IceTestPeer.Ufrag, _agent.RemoteCredentials!.Ufrag);
    }

    internal static byte[] UsernameFor(IceLiteAgent agent) => Encoding.ASCII.GetBytes(agent.LocalUfrag + ":" + IceTestPeer.Ufrag);

    internal static byte[] BuildRequest(byte[] username, string password, bool integrity = true, bool fingerprint = true, bool priority = true, bool controlled = false)
    {
        var buffer = new byte[256];
        var writer = new StunWriter(buffer, StunMessageType.BindingRequest, StunTransactionId.NewRandom());
        if (username.Length > 0)
        {
            writer.WriteUsername(username);
        }

        if (priority)
        {
            writer.WritePriority(100);
        }

        if (controlled)
        {
            writer.WriteIceControlled(42);
        }
        else
        {
            writer.WriteIceControlling(42);
        }

        if (integrity)
        {
            writer.WriteMessageIntegrity(Encoding.ASCII.GetBytes(password));
        }

        if (fingerprint)
        {
            writer.WriteFingerprint();
        }

        Assert.True(writer.TryGetWritten(out int length));
        return buffer[..length];
    }

    private void AssertErrorResponse(int length, int expectedCode)
    {
        Assert.True(length > 0);
        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(_response.AsSpan(0, length), out StunMessage message));
        Assert.Equal(StunMessageType.BindingErrorResponse, message.MessageType);
        Assert.Equal(StunParseResult.Ok, message.ValidateFingerprint());
        Assert.True(message.TryGetErrorCode(out int code, out _));
        Assert.Equal(expectedCode, code);
    }
}
