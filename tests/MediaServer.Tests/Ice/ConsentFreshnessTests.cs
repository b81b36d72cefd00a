using Messenger.MediaServer.Ice;
using Messenger.MediaServer.Stun;
using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Tests.Ice;

/// <summary>RFC 7675 consent, driven by a manual clock.</summary>
public sealed class ConsentFreshnessTests
{
    private static readonly TransportAddress Selected = IceTestPeer.Address("192.0.2.10", 50000);
    private static readonly TransportAddress Other = IceTestPeer.Address("192.0.2.11", 50000);

    private readonly ManualTimeProvider _clock = new();
    private readonly byte[] _response = new byte[256];

    [Fact]
    public void AgentWithoutChecks_ExpiresAfterTimeoutFromCreation()
    {
        var agent = new IceLiteAgent(_clock);

        _clock.Advance(TimeSpan.FromSeconds(29));
        bool before = agent.IsConsentExpired();
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.False(before);
        Assert.True(agent.IsConsentExpired());
    }

    [Fact]
    public void ChecksOnSelectedPair_KeepConsentAlive()
    {
        (IceLiteAgent agent, IceTestPeer peer) = NominatedAgent();

        for (int i = 0; i < 10; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(5));
            Assert.Equal(IceCheckResult.Accepted, agent.HandleBindingRequest(peer.Request(StunTransactionId.NewRandom()), Selected, _response, out _));
            Assert.False(agent.IsConsentExpired());
        }

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(agent.IsConsentExpired());
    }

    [Fact]
    public void ChecksOnAnotherPair_DoNotRefreshSelectedPair()
    {
        (IceLiteAgent agent, IceTestPeer peer) = NominatedAgent();

        _clock.Advance(TimeSpan.FromSeconds(20));
        agent.HandleBindingRequest(peer.Request(StunTransactionId.NewRandom()), Other, _response, out _);
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.True(agent.IsConsentExpired());
    }

    [Fact]
    public void FailedChecks_DoNotRefreshConsent()
    {
        (IceLiteAgent agent, _) = NominatedAgent();
        var forger = new IceTestPeer(agent, serverPassword: "guessedPasswordGuessed12");

        _clock.Advance(TimeSpan.FromSeconds(25));
        Assert.Equal(IceCheckResult.BadIntegrity, agent.HandleBindingRequest(forger.Request(StunTransactionId.NewRandom()), Selected, _response, out _));
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.True(agent.IsConsentExpired());
    }

    [Fact]
    public void Timeout_IsConfigurable()
    {
        var agent = new IceLiteAgent(_clock, new IceLiteOptions { ConsentTimeout = TimeSpan.FromSeconds(5) });

        _clock.Advance(TimeSpan.FromSeconds(4));
        bool before = agent.IsConsentExpired();
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.False(before);
        Assert.True(agent.IsConsentExpired());
    }

    [Fact]
    public void FullPairTable_ForgetsOldestButKeepsSelected()
    {
        var agent = new IceLiteAgent(_clock, new IceLiteOptions { MaxValidPairs = 2 });
        Assert.True(agent.SetRemoteCredentials(IceTestPeer.Ufrag, IceTestPeer.Password));
        var peer = new IceTestPeer(agent);
        TransportAddress third = IceTestPeer.Address("192.0.2.12", 50000);

        agent.HandleBindingRequest(peer.Request(StunTransactionId.NewRandom(), useCandidate: true), Selected, _response, out _);
        _clock.Advance(TimeSpan.FromSeconds(1));
        agent.HandleBindingRequest(peer.Request(StunTransactionId.NewRandom()), Other, _response, out _);
        _clock.Advance(TimeSpan.FromSeconds(1));
        agent.HandleBindingRequest(peer.Request(StunTransactionId.NewRandom()), third, _response, out _);

        Assert.True(agent.IsValidRemote(Selected));
        Assert.False(agent.IsValidRemote(Other));
        Assert.True(agent.IsValidRemote(third));
        Assert.True(agent.TryGetSelectedRemote(out TransportAddress selected));
        Assert.Equal(Selected, selected);
    }

    private (IceLiteAgent Agent, IceTestPeer Peer) NominatedAgent()
    {
        var agent = new IceLiteAgent(_clock);
        Assert.True(agent.SetRemoteCredentials(IceTestPeer.Ufrag, IceTestPeer.Password));
        var peer = new IceTestPeer(agent);
        Assert.Equal(IceCheckResult.Nominated, agent.HandleBindingRequest(peer.Request(StunTransactionId.NewRandom(), useCandidate: true), Selected, _response, out _));
        return (agent, peer);
    }
}
