using System.Text;
using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Storage;

namespace Messenger.ChatCore.Messages;

/// <summary>Reading: history pages around a seq, edit history, and full-text search.</summary>
public sealed class HistoryService(IChatStore store)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const int MaxQueryLength = 256;

    /// <summary>
    /// Messages before <paramref name="before"/> (the newest page when both are null) or after <paramref name="after"/>,
    /// ascending either way.
    /// </summary>
    public Task<Result<MessagePage>> HistoryAsync(
        string userId, string conversationId, long? before, long? after, int? limit, CancellationToken cancellationToken)
    {
        var take = limit ?? DefaultLimit;
        var invalid = before is not null && after is not null
            ? ChatErrors.Invalid("before", "Give before or after, not both.")
            : take is < 1 or > MaxLimit ? ChatErrors.Invalid("limit", $"Limit must be 1-{MaxLimit}.")
            : before < 0 || after < 0 ? ChatErrors.Invalid(before < 0 ? "before" : "after", "Seq must not be negative.")
            : null;
        if (invalid is not null)
        {
            return Task.FromResult<Result<MessagePage>>(invalid);
        }

        return store.ReadAsync<Result<MessagePage>>(async reader =>
        {
            var access = await ChatTransactions.RequireMemberAsync(reader, conversationId, userId).ConfigureAwait(false);
            if (!access.IsSuccess)
            {
                return access.Error!;
            }

            // One more than asked tells whether another page exists.
            var rows = after is { } from
                ? await reader.HistoryAsync(conversationId, userId, from, long.MaxValue, false, take + 1).ConfigureAwait(false)
                : await reader.HistoryAsync(conversationId, userId, 0, before ?? long.MaxValue, true, take + 1).ConfigureAwait(false);
            var hasMore = rows.Count > take;
            var items = !hasMore ? rows : after is not null ? rows.Take(take).ToList() : rows.Skip(1).ToList();
            return new MessagePage(items, hasMore);
        }, cancellationToken);
    }

    public Task<Result<IReadOnlyList<MessageEdit>>> EditsAsync(
        string userId, string conversationId, long seq, CancellationToken cancellationToken) =>
        store.ReadAsync<Result<IReadOnlyList<MessageEdit>>>(async reader =>
        {
            var access = await ChatTransactions.RequireMemberAsync(reader, conversationId, userId).ConfigureAwait(false);
            if (!access.IsSuccess)
            {
                return access.Error!;
            }

            return await reader.FindMessageAsync(conversationId, seq).ConfigureAwait(false) is null
                ? ChatErrors.NoMessage()
                : Result<IReadOnlyList<MessageEdit>>.Ok(await reader.ListEditsAsync(conversationId, seq).ConfigureAwait(false));
        }, cancellationToken);

    /// <summary>Searches one conversation, or every conversation of the user when <paramref name="conversationId"/> is null.</summary>
    public Task<Result<IReadOnlyList<ChatMessage>>> SearchAsync(
        string userId, string? conversationId, string? query, int? limit, CancellationToken cancellationToken)
    {
        var take = limit ?? DefaultLimit;
        var fts = ToFtsQuery(query);
        var invalid = fts is null ? ChatErrors.Invalid("q", $"A search query of 1-{MaxQueryLength} characters is required.")
            : take is < 1 or > MaxLimit ? ChatErrors.Invalid("limit", $"Limit must be 1-{MaxLimit}.")
            : null;
        if (invalid is not null)
        {
            return Task.FromResult<Result<IReadOnlyList<ChatMessage>>>(invalid);
        }

        return store.ReadAsync<Result<IReadOnlyList<ChatMessage>>>(async reader =>
        {
            if (conversationId is not null)
            {
                var access = await ChatTransactions.RequireMemberAsync(reader, conversationId, userId).ConfigureAwait(false);
                if (!access.IsSuccess)
                {
                    return access.Error!;
                }
            }

            return Result<IReadOnlyList<ChatMessage>>.Ok(
                await reader.SearchAsync(userId, conversationId, fts!, take).ConfigureAwait(false));
        }, cancellationToken);
    }

    /// <summary>
    /// Each whitespace-separated term becomes an FTS5 string ("..." with quotes doubled), so operators, column
    /// filters and unbalanced quotes in user input are plain text; terms are ANDed, the last one as a prefix.
    /// </summary>
    internal static string? ToFtsQuery(string? query)
    {
        var terms = (query ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (terms.Length == 0 || query!.Length > MaxQueryLength)
        {
            return null;
        }

        var builder = new StringBuilder();
        foreach (var term in terms)
        {
            builder.Append(builder.Length == 0 ? "\"" : " \"").Append(term.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }

        return builder.Append('*').ToString();
    }
}
