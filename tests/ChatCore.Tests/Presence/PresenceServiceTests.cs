using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Presence;
using Messenger.ChatCore.Storage;

namespace Messenger.ChatCore.Tests.Presence;

public sealed class PresenceServiceTests : IAsyncLifetime
{
    private readonly ChatFixture _chat = new();
    private readonly CancellationToken _ct = CancellationToken.None;
    private string _alice = "", _bob = "";

    public async Task InitializeAsync()
    {
        await _chat.InitializeAsync();
        _alice = await _chat.UserAsync("alice");
        _bob = await _chat.UserAsync("bob");
        await _chat.Messages.SendAsync(_alice, new SendMessage(null, _bob, "1", "hi", null), _ct);
    }

    public Task DisposeAsync() => _chat.DisposeAsync();

    [Fact]
    public async Task Online_counts_connections_and_last_seen_is_kept_when_the_last_one_closes()
    {
        Assert.True(_chat.Presence.Connected(_alice));
        Assert.False(_chat.Presence.Connected(_alice));
        Assert.True((await _chat.Presence.GetAsync(_bob, _alice, _ct)).Online);
        Assert.False(await _chat.Presence.DisconnectedAsync(_alice, _ct));
        Assert.True(await _chat.Presence.DisconnectedAsync(_alice, _ct));
        var view = await _chat.Presence.GetAsync(_bob, _alice, _ct);
        Assert.Equal((false, _chat.Clock.GetUtcNow()), (view.Online, view.LastSeen));
    }

    [Theory]
    [InlineData(PresenceVisibility.Everyone, false, true)]
    [InlineData(PresenceVisibility.Contacts, false, false)]
    [InlineData(PresenceVisibility.Contacts, true, true)]
    [InlineData(PresenceVisibility.Nobody, true, false)]
    public async Task Privacy_setting_decides_who_sees(PresenceVisibility visibility, bool bobIsContact, bool visible)
    {
        await _chat.Presence.SetVisibilityAsync(_alice, visibility, _ct);
        if (bobIsContact)
        {
            await _chat.Directory.AddRelationAsync(RelationKind.Contact, _alice, _bob, _ct);
        }

        _chat.Presence.Connected(_alice);
        Assert.Equal(visible, (await _chat.Presence.GetAsync(_bob, _alice, _ct)).Online is not null);
        Assert.Equal(visible, (await _chat.Presence.AudienceAsync(_alice, _ct)).Any(a => a.ViewerId == _bob));
        Assert.True((await _chat.Presence.GetAsync(_alice, _alice, _ct)).Online); // you always see yourself
    }
}
