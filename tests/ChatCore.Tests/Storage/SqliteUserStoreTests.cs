using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Storage.Sqlite;

namespace Messenger.ChatCore.Tests.Storage;

public sealed class SqliteUserStoreTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("50%", "50\\%")]
    [InlineData("a_b", "a\\_b")]
    [InlineData("back\\slash", "back\\\\slash")]
    public void Like_patterns_are_escaped(string input, string expected) =>
        Assert.Equal(expected, SqliteUserStore.EscapeLike(input));

    [Fact]
    public async Task Duplicate_username_is_refused_and_first_row_kept()
    {
        var store = new SqliteUserStore(_db.Database);
        var now = DateTimeOffset.UnixEpoch;
        Assert.True(await store.TryInsertAsync(new UserAccount("1", "same", "First", "", now), "h1", CancellationToken.None));
        Assert.False(await store.TryInsertAsync(new UserAccount("2", "same", "Second", "", now), "h2", CancellationToken.None));
        Assert.Null(await store.FindByIdAsync("2", CancellationToken.None));
        Assert.Equal("First", (await store.FindCredentialsAsync("same", CancellationToken.None))!.Account.DisplayName);
    }

    [Fact]
    public async Task Migrations_are_idempotent()
    {
        await _db.Database.MigrateAsync(CancellationToken.None);
        var store = new SqliteUserStore(_db.Database);
        Assert.True(await store.TryInsertAsync(
            new UserAccount("x", "after", "After", "", DateTimeOffset.UnixEpoch), "h", CancellationToken.None));
    }
}
