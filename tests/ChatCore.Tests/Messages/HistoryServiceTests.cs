using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Messages;

namespace Messenger.ChatCore.Tests.Messages;

public sealed class HistoryServiceTests : IAsyncLifetime
{
    private readonly ChatFixture _chat = new();
    private readonly CancellationToken _ct = CancellationToken.None;
    private string _alice = "", _bob = "", _group = "";

    public async Task InitializeAsync()
    {
        await _chat.InitializeAsync();
        _alice = await _chat.UserAsync("alice");
        _bob = await _chat.UserAsync("bob");
        _group = (await _chat.Conversations.CreateAsync(_alice, ConversationKind.Group, "G", [_bob], _ct)).Value!.Id;
        for (var i = 1; i <= 9; i++)
        {
            await _chat.SendAsync(_alice, _group, $"message number {i}");
        }
    }

    public Task DisposeAsync() => _chat.DisposeAsync();

    [Fact]
    public async Task Pages_walk_backwards_and_forwards_by_seq()
    {
        var newest = (await _chat.History.HistoryAsync(_bob, _group, null, null, 4, _ct)).Value!;
        Assert.Equal([7L, 8, 9, 10], newest.Items.Select(m => m.Seq));
        Assert.True(newest.HasMore);
        var older = (await _chat.History.HistoryAsync(_bob, _group, 7, null, 4, _ct)).Value!;
        Assert.Equal([3L, 4, 5, 6], older.Items.Select(m => m.Seq));
        var oldest = (await _chat.History.HistoryAsync(_bob, _group, 3, null, 4, _ct)).Value!;
        Assert.Equal([1L, 2], oldest.Items.Select(m => m.Seq));
        Assert.False(oldest.HasMore);
        var after = (await _chat.History.HistoryAsync(_bob, _group, null, 8, 4, _ct)).Value!;
        Assert.Equal([9L, 10], after.Items.Select(m => m.Seq));
        Assert.False(after.HasMore);
    }

    [Theory]
    [InlineData(5L, 5L, 10, "before")]
    [InlineData(null, null, 0, "limit")]
    [InlineData(null, null, 1000, "limit")]
    [InlineData(-1L, null, 10, "before")]
    public async Task Bad_paging_names_the_field(long? before, long? after, int limit, string field) =>
        Assert.Equal(field, (await _chat.History.HistoryAsync(_bob, _group, before, after, limit, _ct)).Error!.Field);

    [Fact]
    public async Task Search_finds_words_and_prefixes_only_in_the_callers_conversations()
    {
        var carol = await _chat.UserAsync("carol");
        var other = (await _chat.Conversations.CreateAsync(carol, ConversationKind.Group, "Other", [], _ct)).Value!.Id;
        await _chat.SendAsync(carol, other, "message number 42 is secret");
        await _chat.SendAsync(_alice, _group, "Crème brûlée recipe");

        var inGroup = (await _chat.History.SearchAsync(_bob, _group, "number 4", null, _ct)).Value!;
        Assert.Equal(["message number 4"], inGroup.Select(m => m.Text));
        Assert.Equal(["Crème brûlée recipe"], (await _chat.History.SearchAsync(_bob, null, "creme BRULEE", null, _ct)).Value!.Select(m => m.Text));
        Assert.Empty((await _chat.History.SearchAsync(_bob, null, "secret", null, _ct)).Value!);
        Assert.Equal(DirectoryErrorKind.NotFound, (await _chat.History.SearchAsync(_bob, other, "secret", null, _ct)).Error!.Kind);
        // FTS5 syntax in the query is literal text, not an error.
        Assert.Empty((await _chat.History.SearchAsync(_bob, null, "\"unbalanced NEAR( OR *", null, _ct)).Value!);
        Assert.Equal("q", (await _chat.History.SearchAsync(_bob, null, "  ", null, _ct)).Error!.Field);
    }

    [Theory]
    [InlineData("hello", "\"hello\"*")]
    [InlineData("two  words", "\"two\" \"words\"*")]
    [InlineData("say \"hi\"", "\"say\" \"\"\"hi\"\"\"*")]
    [InlineData("", null)]
    public void Fts_queries_are_quoted_term_by_term(string input, string? expected) =>
        Assert.Equal(expected, HistoryService.ToFtsQuery(input));

    [Fact]
    public async Task Non_members_cannot_read_history_or_edits()
    {
        var carol = await _chat.UserAsync("carol");
        Assert.Equal(DirectoryErrorKind.NotFound, (await _chat.History.HistoryAsync(carol, _group, null, null, null, _ct)).Error!.Kind);
        Assert.Equal(DirectoryErrorKind.NotFound, (await _chat.History.EditsAsync(carol, _group, 2, _ct)).Error!.Kind);
    }
}
