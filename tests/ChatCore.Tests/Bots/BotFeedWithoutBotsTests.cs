using System.Text.Json;
using Messenger.ChatCore.Bots;
using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Storage.Sqlite;

namespace Messenger.ChatCore.Tests.Bots;

/// <summary>
/// While no bot exists the feed takes no write transaction and leaves its cursor; once a bot exists it catches up,
/// and what was posted before the bot joined still never reaches it.
/// </summary>
public sealed class BotFeedWithoutBotsTests : IAsyncLifetime
{
    private readonly ChatFixture _chat = new();
    private readonly CancellationToken _ct = CancellationToken.None;
    private SqliteBotStore _store = null!;
    private BotService _bots = null!;

    public async Task InitializeAsync()
    {
        await _chat.InitializeAsync();
        _store = new SqliteBotStore(_chat.Database);
        _bots = new BotService(_store, _chat.Clock);
    }

    public Task DisposeAsync() => _chat.DisposeAsync();

    private async Task<long> FeedCursorAsync()
    {
        await using var connection = await _chat.Database.OpenAsync(_ct);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT cursor FROM bot_feed_cursor WHERE id = 1;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Without_bots_nothing_is_written_and_a_later_bot_gets_only_what_follows_its_joining()
    {
        var alice = await _chat.UserAsync("alice");
        var bob = await _chat.UserAsync("bob");
        var group = (await _chat.Conversations.CreateAsync(alice, ConversationKind.Group, "G", [bob], _ct)).Value!.Id;
        await _chat.SendAsync(alice, group, "before any bot");
        var cursor = await FeedCursorAsync();

        Assert.Null(await _store.FeedFromChatLogAsync(500, _chat.Clock.GetUtcNow(), _ct));
        Assert.Equal(cursor, await FeedCursorAsync());

        var bot = (await _bots.CreateAsync(alice, "late_bot", "Late", _ct)).Value!.Bot;
        Assert.True((await _chat.Conversations.AddMemberAsync(alice, group, bot.Id, _ct)).IsSuccess);
        await _chat.SendAsync(bob, group, "after the bot joined");

        Assert.NotNull(await _store.FeedFromChatLogAsync(500, _chat.Clock.GetUtcNow(), _ct));
        Assert.Null(await _store.FeedFromChatLogAsync(500, _chat.Clock.GetUtcNow(), _ct));
        Assert.True(await FeedCursorAsync() > cursor);

        var update = Assert.Single(await _store.ConfirmAndListAsync(bot.Id, 0, 100, _ct));
        Assert.Equal(BotUpdateKinds.Message, update.Kind);
        Assert.Equal("after the bot joined", JsonDocument.Parse(update.Payload).RootElement.GetProperty("text").GetString());
    }
}
