using Messenger.ChatCore.Calls;
using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Storage.Sqlite;

namespace Messenger.ChatCore.Tests.Calls;

public sealed class CallLinkServiceTests : IAsyncLifetime
{
    private readonly ChatFixture _chat = new();
    private CallLinkService _links = null!;
    private string _owner = "", _bob = "", _outsider = "", _group = "";

    public async Task InitializeAsync()
    {
        await _chat.InitializeAsync();
        _links = new CallLinkService(new ChatTransactions(_chat.Store, _chat.Sink), new SqliteCallLinkStore(_chat.Database), _chat.Clock);
        _owner = await _chat.UserAsync("owner");
        _bob = await _chat.UserAsync("bob");
        _outsider = await _chat.UserAsync("outsider");
        _group = (await _chat.Conversations.CreateAsync(_owner, ConversationKind.Group, "Room", [_bob], CancellationToken.None)).Value!.Id;
    }

    public Task DisposeAsync() => _chat.DisposeAsync();

    [Fact]
    public async Task A_link_resolves_until_its_lifetime_is_over()
    {
        var created = (await _links.CreateAsync(_bob, _group, TimeSpan.FromMinutes(10), CancellationToken.None)).Value!;
        Assert.Equal(_group, created.Link.ConversationId);
        Assert.Equal(_chat.Clock.GetUtcNow() + TimeSpan.FromMinutes(10), created.Link.ExpiresAt);
        Assert.True((await _links.ResolveAsync(created.Token, CancellationToken.None)).IsSuccess);

        _chat.Clock.Advance(TimeSpan.FromMinutes(10));

        var expired = await _links.ResolveAsync(created.Token, CancellationToken.None);
        Assert.Equal(DirectoryErrorKind.NotFound, expired.Error!.Kind);
        Assert.Equal("token", expired.Error.Field);
    }

    [Theory]
    [InlineData("outsider", DirectoryErrorKind.NotFound)]
    [InlineData("direct", DirectoryErrorKind.Forbidden)]
    public async Task Only_members_of_a_group_create_links(string who, DirectoryErrorKind expected)
    {
        var direct = (await _chat.Messages.SendAsync(_owner, new SendMessage(null, _bob, "c1", "hi", null), CancellationToken.None))
            .Value!.Message.ConversationId;
        var refused = who == "outsider"
            ? await _links.CreateAsync(_outsider, _group, TimeSpan.FromMinutes(1), CancellationToken.None)
            : await _links.CreateAsync(_owner, direct, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(expected, refused.Error!.Kind);
    }

    [Fact]
    public async Task The_creator_or_an_admin_revokes_a_link_and_only_its_hash_is_stored()
    {
        var created = (await _links.CreateAsync(_bob, _group, TimeSpan.FromMinutes(10), CancellationToken.None)).Value!;
        await using (var connection = await _chat.Database.OpenAsync(CancellationToken.None))
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT token_hash FROM call_links;";
            Assert.NotEqual(created.Token, (string)(await command.ExecuteScalarAsync())!);
        }

        Assert.Equal(DirectoryErrorKind.NotFound, (await _links.RevokeAsync(_outsider, created.Token, CancellationToken.None)).Error!.Kind);
        Assert.True((await _links.RevokeAsync(_owner, created.Token, CancellationToken.None)).Value);
        Assert.False((await _links.ResolveAsync(created.Token, CancellationToken.None)).IsSuccess);

        var own = (await _links.CreateAsync(_owner, _group, TimeSpan.FromMinutes(10), CancellationToken.None)).Value!;
        Assert.Equal(DirectoryErrorKind.Forbidden, (await _links.RevokeAsync(_bob, own.Token, CancellationToken.None)).Error!.Kind);
    }

    [Fact]
    public async Task A_call_record_keeps_its_outcome_and_duration_in_history()
    {
        var posted = await _chat.Messages.PostSystemAsync(_group, new SystemEvent(
            SystemEvents.CallEnded, _owner, CallId: "c1", Outcome: CallOutcomes.Ended, DurationSeconds: 74, Video: true),
            CancellationToken.None);

        var read = (await _chat.History.HistoryAsync(_bob, _group, null, null, 50, CancellationToken.None)).Value!.Items[^1];
        Assert.Equal(posted.Value!.Seq, read.Seq);
        Assert.Equal(new SystemEvent(SystemEvents.CallEnded, _owner, null, null, "c1", CallOutcomes.Ended, 74, true), read.System);
    }
}
