using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Storage;

namespace Messenger.ChatCore.Sync;

/// <summary>
/// Catch-up for a device: every update after its cursor, in pages. Live pushes carry the same cursors, so a device
/// applies both and skips any cursor it has already seen.
/// </summary>
public sealed class SyncService(IChatStore store)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public Task<Result<SyncPage>> PageAsync(string userId, long? since, int? limit, CancellationToken cancellationToken)
    {
        var from = since ?? 0;
        var take = limit ?? DefaultLimit;
        if (from < 0 || take is < 1 or > MaxLimit)
        {
            return Task.FromResult<Result<SyncPage>>(from < 0
                ? ChatErrors.Invalid("since", "The cursor must not be negative.")
                : ChatErrors.Invalid("limit", $"Limit must be 1-{MaxLimit}."));
        }

        return store.ReadAsync<Result<SyncPage>>(async reader =>
        {
            var rows = await reader.ReadUpdatesAsync(userId, from, take + 1).ConfigureAwait(false);
            var items = rows.Count > take ? rows.Take(take).ToList() : rows;
            return new SyncPage(items, items.Count == 0 ? from : items[^1].Cursor, rows.Count > take);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ConversationIdsAsync(string userId, CancellationToken cancellationToken) =>
        store.ReadAsync(reader => reader.ListConversationIdsAsync(userId), cancellationToken);

    public Task<Result<Membership>> MembershipAsync(string userId, string? conversationId, CancellationToken cancellationToken) =>
        store.ReadAsync(reader => ChatTransactions.RequireMemberAsync(reader, conversationId, userId), cancellationToken);
}
