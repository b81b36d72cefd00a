using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Storage;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Tests.Messages;

public sealed class MessageServiceTests : IAsyncLifetime
{
    private readonly ChatFixture _chat = new();
    private readonly CancellationToken _ct = CancellationToken.None;
    private string _alice = "", _bob = "", _carol = "";

    public async Task InitializeAsync()
    {
        await _chat.InitializeAsync();
        _alice = await _chat.UserAsync("alice");
        _bob = await _chat.UserAsync("bob");
        _carol = await _chat.UserAsync("carol");
    }

    public Task DisposeAsync() => _chat.DisposeAsync();

    private Task<Result<SendOutcome>> DirectAsync(string from, string to, string clientId, string text = "hi") =>
        _chat.Messages.SendAsync(from, new SendMessage(null, to, clientId, text, null), _ct);

    [Fact]
    public async Task First_message_creates_one_direct_conversation_per_pair()
    {
        var first = (await DirectAsync(_alice, _bob, "a1")).Value!;
        var reply = (await DirectAsync(_bob, _alice, "b1")).Value!;
        Assert.Equal(first.Message.ConversationId, reply.Message.ConversationId);
        Assert.Equal([1L, 2L], new[] { first.Message.Seq, reply.Message.Seq });
        Assert.Equal(1, await _chat.CountAsync("conversations"));

        var list = await _chat.Conversations.ListAsync(_alice, _ct);
        var summary = Assert.Single(list);
        Assert.Equal(ConversationKind.Direct, summary.Conversation.Kind);
        Assert.Equal(_bob, summary.PeerId);
        Assert.Equal(1, summary.UnreadCount);
    }

    [Fact]
    public async Task Resending_the_same_client_id_returns_the_original()
    {
        var first = (await DirectAsync(_alice, _bob, "same")).Value!;
        var again = (await DirectAsync(_alice, _bob, "same", "different text")).Value!;
        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.Message, again.Message);
        Assert.Equal(1, await _chat.CountAsync("messages"));
        // Another sender may use the same client id.
        Assert.True((await DirectAsync(_bob, _alice, "same")).Value!.Created);
    }

    [Theory]
    [InlineData(null, "hi", "clientMessageId")]
    [InlineData("c", "", "text")]
    [InlineData("c", "   ", "text")]
    [InlineData("c", "__LONG__", "text")]
    public async Task Bad_input_is_refused_and_nothing_is_written(string? clientId, string text, string field)
    {
        var result = await DirectAsync(_alice, _bob, clientId!, text == "__LONG__" ? new string('x', 101) : text);
        Assert.Equal(field, result.Error!.Field);
        Assert.Equal(0, await _chat.CountAsync("conversations"));
        Assert.Equal(0, await _chat.CountAsync("updates"));
    }

    [Fact]
    public async Task Text_at_the_limit_is_accepted() =>
        Assert.True((await DirectAsync(_alice, _bob, "max", new string('x', 100))).IsSuccess);

    [Fact]
    public async Task Blocked_sender_is_refused_and_the_direct_conversation_is_not_created()
    {
        await _chat.Directory.AddRelationAsync(RelationKind.Block, _bob, _alice, _ct);
        var refused = await DirectAsync(_alice, _bob, "x");
        Assert.Equal(DirectoryErrorKind.Forbidden, refused.Error!.Kind);
        Assert.Equal(0, await _chat.CountAsync("conversations"));

        // Blocking after a conversation exists refuses further messages in it too.
        var id = (await DirectAsync(_carol, _alice, "c1")).Value!.Message.ConversationId;
        await _chat.Directory.AddRelationAsync(RelationKind.Block, _carol, _alice, _ct);
        var inConversation = await _chat.Messages.SendAsync(_alice, new SendMessage(id, null, "a2", "hey", null), _ct);
        Assert.Equal(DirectoryErrorKind.Forbidden, inConversation.Error!.Kind);
        Assert.True((await DirectAsync(_bob, _alice, "b")).IsSuccess); // the blocker may still write
    }

    [Fact]
    public async Task Reply_must_point_into_the_conversation()
    {
        var first = (await DirectAsync(_alice, _bob, "1")).Value!.Message;
        var reply = await _chat.Messages.SendAsync(_bob, new SendMessage(first.ConversationId, null, "2", "re", first.Seq), _ct);
        Assert.Equal(first.Seq, reply.Value!.Message.ReplyToSeq);
        var dangling = await _chat.Messages.SendAsync(_bob, new SendMessage(first.ConversationId, null, "3", "re", 99), _ct);
        Assert.Equal("replyToSeq", dangling.Error!.Field);
    }

    [Fact]
    public async Task Edit_keeps_history_and_only_the_sender_may_edit()
    {
        var message = (await DirectAsync(_alice, _bob, "1", "first")).Value!.Message;
        _chat.Clock.Advance(TimeSpan.FromMinutes(1));
        var edited = await _chat.Actions.EditAsync(_alice, message.ConversationId, message.Seq, "second", _ct);
        Assert.Equal("second", edited.Value!.Text);
        Assert.NotNull(edited.Value.EditedAt);
        await _chat.Actions.EditAsync(_alice, message.ConversationId, message.Seq, "third", _ct);
        var history = (await _chat.History.EditsAsync(_bob, message.ConversationId, message.Seq, _ct)).Value!;
        Assert.Equal(["first", "second"], history.Select(e => e.Text));
        Assert.Equal(DirectoryErrorKind.Forbidden, (await _chat.Actions.EditAsync(_bob, message.ConversationId, message.Seq, "mine", _ct)).Error!.Kind);
        var bobSees = (await _chat.SyncAllAsync(_bob)).Where(u => u.Kind == UpdateKinds.MessageEdited).Select(u => u.Data.GetProperty("text").GetString());
        Assert.Equal(["second", "third"], bobSees);
    }

    [Fact]
    public async Task Delete_for_me_hides_only_for_me_and_delete_for_everyone_leaves_a_tombstone()
    {
        var one = (await DirectAsync(_alice, _bob, "1", "one")).Value!.Message;
        var two = (await DirectAsync(_alice, _bob, "2", "two")).Value!.Message;
        Assert.True((await _chat.Actions.DeleteAsync(_bob, one.ConversationId, one.Seq, forEveryone: false, _ct)).IsSuccess);
        Assert.Equal(DirectoryErrorKind.Forbidden, (await _chat.Actions.DeleteAsync(_bob, two.ConversationId, two.Seq, forEveryone: true, _ct)).Error!.Kind);
        Assert.True((await _chat.Actions.DeleteAsync(_alice, two.ConversationId, two.Seq, forEveryone: true, _ct)).IsSuccess);

        var bobHistory = (await _chat.History.HistoryAsync(_bob, one.ConversationId, null, null, null, _ct)).Value!.Items;
        var tombstone = Assert.Single(bobHistory);
        Assert.Equal((two.Seq, true, ""), (tombstone.Seq, tombstone.Deleted, tombstone.Text));
        Assert.Equal(2, (await _chat.History.HistoryAsync(_alice, one.ConversationId, null, null, null, _ct)).Value!.Items.Count);
        Assert.Empty((await _chat.History.SearchAsync(_alice, null, "two", null, _ct)).Value!);

        // The hide reaches only Bob's own log; the deletion reaches both.
        Assert.Contains(await _chat.SyncAllAsync(_bob), u => u.Kind == UpdateKinds.MessageHidden);
        Assert.DoesNotContain(await _chat.SyncAllAsync(_alice), u => u.Kind == UpdateKinds.MessageHidden);
        Assert.Contains(await _chat.SyncAllAsync(_alice), u => u.Kind == UpdateKinds.MessageDeleted);
    }

    [Fact]
    public async Task Reactions_are_one_of_each_emoji_per_user()
    {
        var message = (await DirectAsync(_alice, _bob, "1")).Value!.Message;
        var (id, seq) = (message.ConversationId, message.Seq);
        Assert.True((await _chat.Actions.ReactAsync(_bob, id, seq, "👍", add: true, _ct)).Value);
        Assert.False((await _chat.Actions.ReactAsync(_bob, id, seq, "👍", add: true, _ct)).Value);
        Assert.True((await _chat.Actions.ReactAsync(_alice, id, seq, "👍", add: true, _ct)).Value);
        Assert.True((await _chat.Actions.ReactAsync(_alice, id, seq, "❤️", add: true, _ct)).Value);
        Assert.True((await _chat.Actions.ReactAsync(_alice, id, seq, "❤️", add: false, _ct)).Value);
        Assert.Equal("emoji", (await _chat.Actions.ReactAsync(_alice, id, seq, "lol", add: true, _ct)).Error!.Field);

        var seen = Assert.Single((await _chat.History.HistoryAsync(_bob, id, null, null, null, _ct)).Value!.Items);
        var reaction = Assert.Single(seen.Reactions);
        Assert.Equal(new ReactionSummary("👍", 2, true), reaction);
        Assert.Equal(4, (await _chat.SyncAllAsync(_bob)).Count(u => u.Kind.StartsWith("reaction.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Forward_credits_the_original_author_and_needs_both_memberships()
    {
        var original = (await DirectAsync(_alice, _bob, "1", "news")).Value!.Message;
        var group = (await _chat.Conversations.CreateAsync(_bob, ConversationKind.Group, "G", [_carol], _ct)).Value!;
        var forwarded = (await _chat.Messages.ForwardAsync(_bob, original.ConversationId, original.Seq, group.Id, "f1", _ct)).Value!.Message;
        Assert.Equal("news", forwarded.Text);
        Assert.Equal(new ForwardedFrom(original.ConversationId, original.Seq, _alice), forwarded.ForwardedFrom);

        var again = (await _chat.Messages.ForwardAsync(_carol, group.Id, forwarded.Seq, group.Id, "f2", _ct)).Value!.Message;
        Assert.Equal(_alice, again.ForwardedFrom!.SenderId);
        var outsider = await _chat.Messages.ForwardAsync(_carol, original.ConversationId, original.Seq, group.Id, "f3", _ct);
        Assert.Equal("conversationId", outsider.Error!.Field);
    }

    [Fact]
    public async Task Pin_is_for_admins_outside_direct_conversations()
    {
        var group = (await _chat.Conversations.CreateAsync(_alice, ConversationKind.Group, "G", [_bob], _ct)).Value!;
        var message = await _chat.SendAsync(_bob, group.Id, "pin me");
        Assert.Equal(DirectoryErrorKind.Forbidden, (await _chat.Actions.PinAsync(_bob, group.Id, message.Seq, _ct)).Error!.Kind);
        Assert.True((await _chat.Actions.PinAsync(_alice, group.Id, message.Seq, _ct)).IsSuccess);
        Assert.Equal(message.Seq, (await _chat.Conversations.GetAsync(_bob, group.Id, _ct)).Value!.Conversation.PinnedSeq);
        Assert.True((await _chat.Actions.PinAsync(_alice, group.Id, null, _ct)).IsSuccess);
        Assert.Null((await _chat.Conversations.GetAsync(_bob, group.Id, _ct)).Value!.Conversation.PinnedSeq);
    }

    [Fact]
    public async Task System_messages_can_be_posted_for_calls()
    {
        var group = (await _chat.Conversations.CreateAsync(_alice, ConversationKind.Group, "G", [_bob], _ct)).Value!;
        var posted = await _chat.Messages.PostSystemAsync(group.Id, new SystemEvent(SystemEvents.CallStarted, _alice, CallId: "call-1"), _ct);
        Assert.Equal(MessageKind.System, posted.Value!.Kind);
        Assert.Equal("call-1", posted.Value.System!.CallId);
    }
}
