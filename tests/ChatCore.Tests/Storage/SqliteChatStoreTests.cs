using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Tests.Storage;

/// <summary>Group commit: many concurrent writes share transactions, yet each succeeds or fails on its own.</summary>
public sealed class SqliteChatStoreTests : IAsyncLifetime
{
    private readonly ChatFixture _chat = new();

    public Task InitializeAsync() => _chat.InitializeAsync();

    public Task DisposeAsync() => _chat.DisposeAsync();

    [Fact]
    public async Task Concurrent_sends_get_gap_free_seqs_and_failures_write_nothing()
    {
        var alice = await _chat.UserAsync("alice");
        var bob = await _chat.UserAsync("bob");
        var group = (await _chat.Conversations.CreateAsync(alice, ConversationKind.Group, "G", [bob], CancellationToken.None)).Value!.Id;


        var sends = Enumerable.Range(0, 300).Select(i => _chat.Messages.SendAsync(i % 2 == 0 ? alice : bob,
            new SendMessage(group, null, $"c{i}", $"text {i}", i % 3 == 0 ? 9999 : null), CancellationToken.None)).ToList();
        var results = await Task.WhenAll(sends);

        Assert.Equal(100, results.Count(r => !r.IsSuccess));
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal("replyToSeq", r.Error!.Field));
        var seqs = results.Where(r => r.IsSuccess).Select(r => r.Value!.Message.Seq).Order().ToList();
        Assert.Equal(Enumerable.Range(2, 200).Select(i => (long)i), seqs); // seq 1 is "created"
        Assert.Equal(201, await _chat.CountAsync("messages"));
        var updates = await _chat.SyncAllAsync(bob);
        Assert.Equal(201, updates.Count(u => u.Kind == UpdateKinds.MessageNew));
        Assert.Equal(updates.Select(u => u.Cursor).Order(), updates.Select(u => u.Cursor));
    }

    [Fact]
    public async Task A_throwing_write_is_rolled_back_alone()
    {
        var alice = await _chat.UserAsync("alice");
        var thrown = _chat.Store.WriteAsync<bool>(async writer =>
        {
            await writer.AppendUpdateAsync("test.kind", null, alice, new { x = 1 }, DateTimeOffset.UnixEpoch);
            throw new InvalidOperationException("boom");
        }, CancellationToken.None);
        var kept = _chat.Store.WriteAsync<bool>(async writer =>
        {
            await writer.AppendUpdateAsync("test.kept", null, alice, new { x = 2 }, DateTimeOffset.UnixEpoch);
            return true;
        }, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => thrown);
        var (result, updates) = await kept;
        Assert.True(result.Value);
        Assert.Equal("test.kept", Assert.Single(updates).Kind);
        Assert.Equal(["test.kept"], (await _chat.SyncAllAsync(alice)).Select(u => u.Kind));
    }

    [Fact]
    public async Task A_refused_write_reports_its_error_and_no_updates()
    {
        var (result, updates) = await _chat.Store.WriteAsync<bool>(async writer =>
        {
            await writer.AppendUpdateAsync("test.refused", null, "nobody", new { }, DateTimeOffset.UnixEpoch);
            return ChatErrors.Invalid("field", "no");
        }, CancellationToken.None);
        Assert.Equal(DirectoryErrorKind.Validation, result.Error!.Kind);
        Assert.Empty(updates);
        Assert.Equal(0, await _chat.CountAsync("updates"));
    }
}
