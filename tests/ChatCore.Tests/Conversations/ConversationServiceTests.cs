using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Storage;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Tests.Conversations;

public sealed class ConversationServiceTests : IAsyncLifetime
{
    private readonly ChatFixture _chat = new();
    private string _owner = "", _bob = "", _carol = "", _dave = "";

    public async Task InitializeAsync()
    {
        await _chat.InitializeAsync();
        _owner = await _chat.UserAsync("owner");
        _bob = await _chat.UserAsync("bob");
        _carol = await _chat.UserAsync("carol");
        _dave = await _chat.UserAsync("dave");
    }

    public Task DisposeAsync() => _chat.DisposeAsync();

    private Task<Result<Conversation>> CreateAsync(ConversationKind kind, params string[] members) =>
        _chat.Conversations.CreateAsync(_owner, kind, "Team", members, CancellationToken.None);

    [Fact]
    public async Task Group_creation_adds_members_posts_a_system_message_and_tells_each_member()
    {
        var group = (await CreateAsync(ConversationKind.Group, _bob, _bob, _owner)).Value!;
        Assert.Equal(2, group.MemberCount);
        Assert.Equal(1, group.LastSeq);

        var bobUpdates = await _chat.SyncAllAsync(_bob);
        Assert.Equal([UpdateKinds.ConversationAdded, UpdateKinds.MessageNew], bobUpdates.Select(u => u.Kind));
        Assert.Equal(SystemEvents.Created, bobUpdates[1].Data.GetProperty("system").GetProperty("type").GetString());
        Assert.Empty(await _chat.SyncAllAsync(_carol));
        Assert.Equal(bobUpdates.Count + 1, _chat.Sink.Published.Count); // the owner's conversation.added too
    }

    [Theory]
    [InlineData(ConversationKind.Direct, "kind")]
    [InlineData(ConversationKind.Group, "title")]
    public async Task Invalid_creation_names_the_field(ConversationKind kind, string field)
    {
        var result = await _chat.Conversations.CreateAsync(_owner, kind, kind == ConversationKind.Group ? " " : "x", [], CancellationToken.None);
        Assert.Equal(field, result.Error!.Field);
    }

    [Fact]
    public async Task Admin_flows_add_promote_remove_and_leave()
    {
        var id = (await CreateAsync(ConversationKind.Group, _bob)).Value!.Id;
        var ct = CancellationToken.None;

        // A plain member may not add; the owner may, and adding twice is harmless.
        Assert.Equal(DirectoryErrorKind.Forbidden, (await _chat.Conversations.AddMemberAsync(_bob, id, _carol, ct)).Error!.Kind);
        Assert.True((await _chat.Conversations.AddMemberAsync(_owner, id, _carol, ct)).IsSuccess);
        Assert.True((await _chat.Conversations.AddMemberAsync(_owner, id, _carol, ct)).IsSuccess);

        // Only the owner gives roles; an admin then adds and removes members but not other admins.
        Assert.Equal(DirectoryErrorKind.Forbidden, (await _chat.Conversations.SetRoleAsync(_bob, id, _carol, MemberRole.Admin, ct)).Error!.Kind);
        Assert.True((await _chat.Conversations.SetRoleAsync(_owner, id, _bob, MemberRole.Admin, ct)).IsSuccess);
        Assert.True((await _chat.Conversations.AddMemberAsync(_bob, id, _dave, ct)).IsSuccess);
        Assert.True((await _chat.Conversations.RemoveMemberAsync(_bob, id, _dave, ct)).IsSuccess);
        Assert.Equal(DirectoryErrorKind.Forbidden, (await _chat.Conversations.RemoveMemberAsync(_bob, id, _owner, ct)).Error!.Kind);

        // The owner can't leave while others remain; after transferring ownership they can.
        Assert.Equal("role", (await _chat.Conversations.RemoveMemberAsync(_owner, id, _owner, ct)).Error!.Field);
        Assert.True((await _chat.Conversations.SetRoleAsync(_owner, id, _bob, MemberRole.Owner, ct)).IsSuccess);
        Assert.True((await _chat.Conversations.RemoveMemberAsync(_owner, id, _owner, ct)).IsSuccess);

        var members = (await _chat.Conversations.ListMembersAsync(_bob, id, 0, 10, ct)).Value!;
        Assert.Equal([(_bob, MemberRole.Owner), (_carol, MemberRole.Member)], members.Select(m => (m.UserId, m.Role)));
        var daveLast = (await _chat.SyncAllAsync(_dave))[^1];
        Assert.Equal(UpdateKinds.ConversationRemoved, daveLast.Kind);
        var systemTypes = (await _chat.History.HistoryAsync(_bob, id, null, null, 50, ct)).Value!.Items.Select(m => m.System!.Type);
        Assert.Equal([SystemEvents.Created, SystemEvents.MemberJoined, SystemEvents.MemberJoined, SystemEvents.MemberRemoved, SystemEvents.MemberLeft], systemTypes);
    }

    [Fact]
    public async Task Group_member_limit_is_enforced()
    {
        var id = (await CreateAsync(ConversationKind.Group, _bob, _carol)).Value!.Id; // 3 of 4
        Assert.True((await _chat.Conversations.AddMemberAsync(_owner, id, _dave, CancellationToken.None)).IsSuccess);
        var fifth = await _chat.UserAsync("fifth");
        var full = await _chat.Conversations.AddMemberAsync(_owner, id, fifth, CancellationToken.None);
        Assert.Equal(DirectoryErrorKind.Conflict, full.Error!.Kind);
        var tooMany = await _chat.Conversations.CreateAsync(_owner, ConversationKind.Group, "Big", [_bob, _carol, _dave, fifth], CancellationToken.None);
        Assert.Equal("memberIds", tooMany.Error!.Field);
    }

    [Fact]
    public async Task Non_members_get_not_found_for_every_operation()
    {
        var id = (await CreateAsync(ConversationKind.Group, _bob)).Value!.Id;
        var ct = CancellationToken.None;
        Assert.Equal(DirectoryErrorKind.NotFound, (await _chat.Conversations.AddMemberAsync(_carol, id, _dave, ct)).Error!.Kind);
        Assert.Equal(DirectoryErrorKind.NotFound, (await _chat.Conversations.RemoveMemberAsync(_carol, id, _bob, ct)).Error!.Kind);
        Assert.Equal(DirectoryErrorKind.NotFound, (await _chat.Conversations.SetRoleAsync(_carol, id, _bob, MemberRole.Admin, ct)).Error!.Kind);
        Assert.Equal(DirectoryErrorKind.NotFound, (await _chat.Conversations.UpdateAsync(_carol, id, "x", null, ct)).Error!.Kind);
        Assert.Equal(DirectoryErrorKind.NotFound, (await _chat.Conversations.GetAsync(_carol, id, ct)).Error!.Kind);
        Assert.Equal(DirectoryErrorKind.NotFound, (await _chat.Conversations.ListMembersAsync(_carol, id, 0, 10, ct)).Error!.Kind);
        Assert.Equal(DirectoryErrorKind.NotFound, (await _chat.Conversations.JoinChannelAsync(_carol, id, ct)).Error!.Kind); // a group is not joinable
    }

    [Fact]
    public async Task Channel_posts_write_one_log_row_whatever_the_subscriber_count()
    {
        var channel = (await CreateAsync(ConversationKind.Channel)).Value!;
        var subscribers = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var user = await _chat.UserAsync($"sub{i}");
            subscribers.Add(user);
            Assert.True((await _chat.Conversations.JoinChannelAsync(user, channel.Id, CancellationToken.None)).IsSuccess);
        }

        var updatesBefore = await _chat.CountAsync("updates");
        var membersBefore = await _chat.CountAsync("members");
        var post = await _chat.SendAsync(_owner, channel.Id, "hello subscribers");
        Assert.Equal(updatesBefore + 1, await _chat.CountAsync("updates"));
        Assert.Equal(membersBefore, await _chat.CountAsync("members"));

        foreach (var user in subscribers)
        {
            var seen = await _chat.SyncAllAsync(user);
            var last = seen[^1];
            Assert.Equal(UpdateKinds.MessageNew, last.Kind);
            Assert.Equal(post.Seq, last.Data.GetProperty("seq").GetInt64());
        }

        // Subscribers can't post, and can't list the other subscribers.
        var refused = await _chat.Messages.SendAsync(subscribers[0], new SendMessage(channel.Id, null, "c1", "hi", null), CancellationToken.None);
        Assert.Equal(DirectoryErrorKind.Forbidden, refused.Error!.Kind);
        Assert.Equal(DirectoryErrorKind.Forbidden, (await _chat.Conversations.ListMembersAsync(subscribers[0], channel.Id, 0, 10, CancellationToken.None)).Error!.Kind);
    }

    [Fact]
    public async Task Title_change_is_logged_and_announced()
    {
        var id = (await CreateAsync(ConversationKind.Group, _bob)).Value!.Id;
        var renamed = await _chat.Conversations.UpdateAsync(_owner, id, "  New title ", "avatar-1", CancellationToken.None);
        Assert.Equal("New title", renamed.Value!.Title);
        Assert.Equal("avatar-1", renamed.Value.Avatar);
        var kinds = (await _chat.SyncAllAsync(_bob)).Select(u => u.Kind).ToList();
        Assert.Equal([UpdateKinds.ConversationUpdated, UpdateKinds.MessageNew], kinds[^2..]);
        Assert.Equal(DirectoryErrorKind.Forbidden, (await _chat.Conversations.UpdateAsync(_bob, id, "Mine", null, CancellationToken.None)).Error!.Kind);
    }

    [Fact]
    public async Task Blocked_user_cannot_be_added()
    {
        await _chat.Directory.AddRelationAsync(RelationKind.Block, _carol, _owner, CancellationToken.None);
        var result = await CreateAsync(ConversationKind.Group, _carol);
        Assert.Equal(DirectoryErrorKind.Forbidden, result.Error!.Kind);
        Assert.Equal(0, await _chat.CountAsync("conversations"));
    }
}
