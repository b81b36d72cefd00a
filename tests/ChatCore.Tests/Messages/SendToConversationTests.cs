using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Tests.Messages;

/// <summary>
/// Sending by conversation id, where membership and the clientMessageId lookup are one statement
/// (FindSendTargetAsync): the same refusals, in the same order, as when they were separate reads.
/// </summary>
public sealed class SendToConversationTests : IAsyncLifetime
{
    private readonly ChatFixture _chat = new();
    private readonly CancellationToken _ct = CancellationToken.None;
    private string _alice = "", _bob = "", _carol = "", _group = "";

    public async Task InitializeAsync()
    {
        await _chat.InitializeAsync();
        _alice = await _chat.UserAsync("alice");
        _bob = await _chat.UserAsync("bob");
        _carol = await _chat.UserAsync("carol");
        _group = (await _chat.Conversations.CreateAsync(_alice, ConversationKind.Group, "G", [_bob], _ct)).Value!.Id;
    }

    public Task DisposeAsync() => _chat.DisposeAsync();

    private Task<Result<SendOutcome>> SendAsync(string from, string? conversationId, string clientId, string text = "hi") =>
        _chat.Messages.SendAsync(from, new SendMessage(conversationId, null, clientId, text, null), _ct);

    [Fact]
    public async Task Resending_a_client_id_returns_the_original_and_writes_nothing()
    {
        var before = await _chat.CountAsync("messages");
        var first = (await SendAsync(_alice, _group, "c1", "first")).Value!;
        var other = (await SendAsync(_bob, _group, "c1", "bob's")).Value!;
        var pushedBefore = _chat.Sink.Published.Count;
        var again = (await SendAsync(_alice, _group, "c1", "changed")).Value!;

        Assert.True(first.Created);
        Assert.True(other.Created); // another sender's id space
        Assert.False(again.Created);
        Assert.Equal(first.Message, again.Message);
        Assert.Equal(before + 2, await _chat.CountAsync("messages"));
        Assert.Equal(pushedBefore, _chat.Sink.Published.Count);
    }

    [Fact]
    public async Task A_removed_member_can_no_longer_send_even_a_resend()
    {
        Assert.True((await SendAsync(_bob, _group, "b1")).IsSuccess);
        Assert.True((await _chat.Conversations.RemoveMemberAsync(_alice, _group, _bob, _ct)).IsSuccess);
        var before = await _chat.CountAsync("messages");

        var fresh = await SendAsync(_bob, _group, "b2");
        var resend = await SendAsync(_bob, _group, "b1");

        Assert.Equal(ChatErrors.NotMember(), fresh.Error);
        Assert.Equal(ChatErrors.NotMember(), resend.Error);
        Assert.Equal(before, await _chat.CountAsync("messages"));
    }

    [Fact]
    public async Task A_member_added_later_can_send_at_once()
    {
        Assert.Equal(ChatErrors.NotMember(), (await SendAsync(_carol, _group, "x1")).Error);
        Assert.True((await _chat.Conversations.AddMemberAsync(_alice, _group, _carol, _ct)).IsSuccess);

        var sent = (await SendAsync(_carol, _group, "x1")).Value!;

        Assert.True(sent.Created);
        Assert.Equal(_carol, sent.Message.SenderId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-such-conversation")]
    public async Task Unknown_conversations_are_not_found(string conversationId) =>
        Assert.Equal(ChatErrors.NotMember(), (await SendAsync(_alice, conversationId, "u1")).Error);

    [Fact]
    public async Task In_a_channel_only_admins_post_and_a_refusal_leaves_no_trace()
    {
        var channel = (await _chat.Conversations.CreateAsync(_alice, ConversationKind.Channel, "C", [], _ct)).Value!.Id;
        Assert.True((await _chat.Conversations.JoinChannelAsync(_bob, channel, _ct)).IsSuccess);
        var before = await _chat.CountAsync("updates");
        var lastSeq = (await _chat.Conversations.GetAsync(_alice, channel, _ct)).Value!.Conversation.LastSeq;

        var refused = await SendAsync(_bob, channel, "p1");
        var posted = await SendAsync(_alice, channel, "p1");

        Assert.Equal(DirectoryErrorKind.Forbidden, refused.Error!.Kind);
        Assert.True(posted.Value!.Created);
        Assert.Equal(lastSeq + 1, posted.Value.Message.Seq); // the refusal took no seq
        Assert.Equal(before + 1, await _chat.CountAsync("updates"));
    }

    [Fact]
    public async Task Pushed_data_is_the_stored_log_entry()
    {
        var sent = (await SendAsync(_alice, _group, "d1", "stored")).Value!;
        var pushed = _chat.Sink.Published.Last(u => u.Kind == UpdateKinds.MessageNew);
        var synced = (await _chat.Sync.PageAsync(_bob, 0, 100, _ct)).Value!.Updates.Last(u => u.Kind == UpdateKinds.MessageNew);

        Assert.Equal(sent.Message.Seq, pushed.Data.GetProperty("seq").GetInt64());
        Assert.Equal(synced.Cursor, pushed.Cursor);
        Assert.Equal(synced.Data.GetRawText(), pushed.Data.GetRawText());
    }

    /// <summary>
    /// Regression: a send answered with the clock's full precision while the store keeps milliseconds, so the first
    /// answer's sentAt differed from the resend's and the history's by a fraction of a millisecond.
    /// </summary>
    [Fact]
    public async Task The_sent_time_answered_is_the_one_stored()
    {
        _chat.Clock.Advance(TimeSpan.FromTicks(1_234_567)); // 123.4567 ms

        var first = (await SendAsync(_alice, _group, "t1")).Value!.Message;
        var resent = (await SendAsync(_alice, _group, "t1")).Value!.Message;
        var stored = Assert.Single((await _chat.History.HistoryAsync(_bob, _group, null, null, 50, _ct)).Value!.Items,
            m => m.ClientMessageId == "t1");

        Assert.Equal(0, first.SentAt.Ticks % TimeSpan.TicksPerMillisecond);
        Assert.Equal(stored.SentAt, first.SentAt);
        Assert.Equal(first, resent);
    }
}
