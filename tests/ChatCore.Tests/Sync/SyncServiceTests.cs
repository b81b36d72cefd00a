using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Tests.Sync;

public sealed class SyncServiceTests : IAsyncLifetime
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

    [Fact]
    public async Task Paging_returns_every_update_once_in_cursor_order()
    {
        var group = (await _chat.Conversations.CreateAsync(_alice, ConversationKind.Group, "G", [_bob], _ct)).Value!.Id;
        for (var i = 0; i < 7; i++)
        {
            await _chat.SendAsync(_alice, group, $"m{i}");
        }

        var seen = new List<ChatUpdate>();
        long cursor = 0;
        while (true)
        {
            var page = (await _chat.Sync.PageAsync(_bob, cursor, 3, _ct)).Value!;
            seen.AddRange(page.Updates);
            cursor = page.NextCursor;
            if (!page.HasMore)
            {
                break;
            }
        }

        Assert.Equal(9, seen.Count); // conversation.added + created + 7 messages
        Assert.Equal(seen.Select(u => u.Cursor).Order(), seen.Select(u => u.Cursor));
        Assert.Equal(seen.Count, seen.Select(u => u.Cursor).Distinct().Count());
        Assert.Empty((await _chat.Sync.PageAsync(_bob, cursor, 3, _ct)).Value!.Updates);
        Assert.Equal(cursor, (await _chat.Sync.PageAsync(_bob, cursor, 3, _ct)).Value!.NextCursor);
    }

    [Fact]
    public async Task A_member_reads_a_conversation_log_only_while_a_member()
    {
        var group = (await _chat.Conversations.CreateAsync(_alice, ConversationKind.Group, "G", [], _ct)).Value!.Id;
        await _chat.SendAsync(_alice, group, "before carol");
        await _chat.Conversations.AddMemberAsync(_alice, group, _carol, _ct);
        await _chat.SendAsync(_alice, group, "with carol");
        await _chat.Conversations.RemoveMemberAsync(_alice, group, _carol, _ct);
        await _chat.SendAsync(_alice, group, "after carol");

        var texts = (await _chat.SyncAllAsync(_carol))
            .Where(u => u.Kind == UpdateKinds.MessageNew && u.Data.GetProperty("kind").GetString() == "text")
            .Select(u => u.Data.GetProperty("text").GetString());
        Assert.Equal(["with carol"], texts);
        var kinds = (await _chat.SyncAllAsync(_carol)).Select(u => u.Kind).ToList();
        Assert.Equal(UpdateKinds.ConversationAdded, kinds[0]);
        Assert.Equal(UpdateKinds.ConversationRemoved, kinds[^1]);
    }

    [Theory]
    [InlineData(-1L, 10, "since")]
    [InlineData(0L, 0, "limit")]
    [InlineData(0L, 1001, "limit")]
    public async Task Bad_parameters_name_the_field(long since, int limit, string field) =>
        Assert.Equal(field, (await _chat.Sync.PageAsync(_alice, since, limit, _ct)).Error!.Field);

    [Fact]
    public async Task Receipts_move_forward_only_and_reach_members_of_small_conversations()
    {
        var first = (await _chat.Messages.SendAsync(_alice, new SendMessage(null, _bob, "1", "one", null), _ct)).Value!.Message;
        await _chat.SendAsync(_alice, first.ConversationId, "two");
        var id = first.ConversationId;

        var delivered = (await _chat.Receipts.MarkAsync(_bob, id, 2, read: false, _ct)).Value!;
        Assert.Equal((2L, 0L, 2L), (delivered.DeliveredSeq, delivered.ReadSeq, delivered.UnreadCount));
        var read = (await _chat.Receipts.MarkAsync(_bob, id, 99, read: true, _ct)).Value!; // clamped to the last seq
        Assert.Equal((2L, 2L, 0L), (read.DeliveredSeq, read.ReadSeq, read.UnreadCount));
        var backwards = (await _chat.Receipts.MarkAsync(_bob, id, 1, read: true, _ct)).Value!;
        Assert.Equal(2, backwards.ReadSeq);
        Assert.Equal(0, (await _chat.Conversations.ListAsync(_bob, _ct))[0].UnreadCount);

        var aliceSees = (await _chat.SyncAllAsync(_alice)).Where(u => u.Kind == UpdateKinds.Receipt).ToList();
        Assert.Equal(2, aliceSees.Count); // one per change; the backwards mark changed nothing
        Assert.Equal(DirectoryErrorKind.NotFound, (await _chat.Receipts.MarkAsync(_carol, id, 1, read: true, _ct)).Error!.Kind);
    }

    [Fact]
    public async Task Channel_receipts_stay_with_the_reader()
    {
        var channel = (await _chat.Conversations.CreateAsync(_alice, ConversationKind.Channel, "C", [_bob], _ct)).Value!.Id;
        await _chat.SendAsync(_alice, channel, "post");
        await _chat.Receipts.MarkAsync(_bob, channel, 2, read: true, _ct);
        Assert.Contains(await _chat.SyncAllAsync(_bob), u => u.Kind == UpdateKinds.Receipt);
        Assert.DoesNotContain(await _chat.SyncAllAsync(_alice), u => u.Kind == UpdateKinds.Receipt);
    }

    [Fact]
    public async Task Updates_are_published_only_after_commit_and_not_for_refusals()
    {
        var group = (await _chat.Conversations.CreateAsync(_alice, ConversationKind.Group, "G", [_bob], _ct)).Value!.Id;
        var before = _chat.Sink.Published.Count;
        await _chat.Messages.SendAsync(_carol, new SendMessage(group, null, "x", "intruder", null), _ct);
        Assert.Equal(before, _chat.Sink.Published.Count);
        var sent = await _chat.SendAsync(_bob, group, "ok");
        var published = _chat.Sink.Published[^1];
        Assert.Equal((UpdateKinds.MessageNew, sent.Seq), (published.Kind, published.Data.GetProperty("seq").GetInt64()));
        Assert.Equal(published.Cursor, (await _chat.SyncAllAsync(_alice))[^1].Cursor);
    }
}
