using System.Text.Json;
using Messenger.ChatCore.Bots;
using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Storage.Sqlite;

namespace Messenger.ChatCore.Tests.Bots;

public sealed class BotFeedTests : IAsyncLifetime
{
    private readonly ChatFixture _chat = new();
    private SqliteBotStore _store = null!;
    private BotService _bots = null!;

    public async Task InitializeAsync()
    {
        await _chat.InitializeAsync();
        _store = new SqliteBotStore(_chat.Database);
        _bots = new BotService(_store, _chat.Clock);
    }

    public Task DisposeAsync() => _chat.DisposeAsync();

    [Fact]
    public async Task Messages_to_a_bot_become_its_updates_once_and_in_order_but_not_its_own_or_other_chats()
    {
        var alice = await _chat.UserAsync("alice");
        var carol = await _chat.UserAsync("carol");
        var bot = (await _bots.CreateAsync(alice, "echo_bot", "Echo", CancellationToken.None)).Value!.Bot;

        var direct = (await _chat.Messages.SendAsync(alice, new SendMessage(null, bot.Id, "c1", "hello bot", null), CancellationToken.None)).Value!.Message;
        await _chat.SendAsync(alice, direct.ConversationId, "second");
        var elsewhere = (await _chat.Messages.SendAsync(alice, new SendMessage(null, carol, "c2", "not for the bot", null), CancellationToken.None)).Value!;
        Assert.True(elsewhere.Created);
        await _chat.SendAsync(bot.Id, direct.ConversationId, "the bot's own reply");

        Assert.NotNull(await _store.FeedFromChatLogAsync(500, _chat.Clock.GetUtcNow(), CancellationToken.None));
        Assert.Null(await _store.FeedFromChatLogAsync(500, _chat.Clock.GetUtcNow(), CancellationToken.None));

        var updates = await _store.ConfirmAndListAsync(bot.Id, 0, 100, CancellationToken.None);
        Assert.Equal([1L, 2L], updates.Select(u => u.UpdateId));
        Assert.All(updates, u => Assert.Equal(BotUpdateKinds.Message, u.Kind));
        var first = JsonDocument.Parse(updates[0].Payload).RootElement;
        Assert.Equal("hello bot", first.GetProperty("text").GetString());
        Assert.Equal("private", first.GetProperty("chat").GetProperty("type").GetString());
        Assert.Equal(alice, first.GetProperty("from").GetProperty("id").GetString());
        Assert.False(first.GetProperty("from").GetProperty("is_bot").GetBoolean());

        // Offset confirms (deletes) everything below it.
        Assert.Single(await _store.ConfirmAndListAsync(bot.Id, 2, 100, CancellationToken.None));
        Assert.Empty(await _store.ConfirmAndListAsync(bot.Id, 3, 100, CancellationToken.None));
        Assert.Equal(0, await _chat.CountAsync("bot_updates"));
    }

    [Fact]
    public async Task A_bot_cannot_sign_in_and_only_the_token_hash_is_stored()
    {
        var owner = await _chat.UserAsync("owner");
        var created = (await _bots.CreateAsync(owner, "vault_bot", "Vault", CancellationToken.None)).Value!;

        Assert.False((await _chat.Directory.AuthenticateAsync("vault_bot", "!", CancellationToken.None)).IsSuccess);
        Assert.True((await _chat.Directory.FindAsync(created.Bot.Id, CancellationToken.None))!.IsBot);
        Assert.Equal(created.Bot.Id, (await _bots.AuthenticateAsync(created.Token, CancellationToken.None))?.Account.Id);

        await using var connection = await _chat.Database.OpenAsync(CancellationToken.None);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT token_hash FROM bots;";
        var stored = (string)(await command.ExecuteScalarAsync())!;
        Assert.Equal(BotTokens.Hash(created.Token), stored);
        Assert.DoesNotContain(created.Token.Split(':')[1], stored, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("echo", "username")]
    [InlineData("x", "username")]
    [InlineData("good_bot", null)]
    public async Task Bot_usernames_end_in_bot(string username, string? failingField)
    {
        var owner = await _chat.UserAsync("namer");
        var result = await _bots.CreateAsync(owner, username, "Name", CancellationToken.None);
        Assert.Equal(failingField, result.Error?.Field);
    }

    private async Task<long> FeedCursorAsync()
    {
        await using var connection = await _chat.Database.OpenAsync(CancellationToken.None);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT cursor FROM bot_feed_cursor WHERE id = 1;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// While no bot exists the feed takes no write transaction and leaves its cursor; once a bot exists it catches up,
    /// and what was posted before the bot joined still never reaches it.
    /// </summary>
    [Fact]
    public async Task Without_bots_nothing_is_written_and_a_later_bot_gets_only_what_follows_its_joining()
    {
        var alice = await _chat.UserAsync("alice");
        var bob = await _chat.UserAsync("bob");
        var group = (await _chat.Conversations.CreateAsync(alice, ConversationKind.Group, "G", [bob], CancellationToken.None)).Value!.Id;
        await _chat.SendAsync(alice, group, "before any bot");
        var cursor = await FeedCursorAsync();

        Assert.Null(await _store.FeedFromChatLogAsync(500, _chat.Clock.GetUtcNow(), CancellationToken.None));
        Assert.Equal(cursor, await FeedCursorAsync());

        var bot = (await _bots.CreateAsync(alice, "late_bot", "Late", CancellationToken.None)).Value!.Bot;
        Assert.True((await _chat.Conversations.AddMemberAsync(alice, group, bot.Id, CancellationToken.None)).IsSuccess);
        await _chat.SendAsync(bob, group, "after the bot joined");

        Assert.NotNull(await _store.FeedFromChatLogAsync(500, _chat.Clock.GetUtcNow(), CancellationToken.None));
        Assert.Null(await _store.FeedFromChatLogAsync(500, _chat.Clock.GetUtcNow(), CancellationToken.None));
        Assert.True(await FeedCursorAsync() > cursor);

        var update = Assert.Single(await _store.ConfirmAndListAsync(bot.Id, 0, 100, CancellationToken.None));
        Assert.Equal(BotUpdateKinds.Message, update.Kind);
        Assert.Equal("after the bot joined", JsonDocument.Parse(update.Payload).RootElement.GetProperty("text").GetString());
    }
}
