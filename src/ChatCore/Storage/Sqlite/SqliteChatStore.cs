using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Storage.Sqlite;

/// <summary>
/// <see cref="IChatStore"/> on the SQLite file. Write transactions are BEGIN IMMEDIATE (Microsoft.Data.Sqlite's
/// default), so the write lock is taken up front and a read-then-write never fails with SQLITE_BUSY half-way.
/// </summary>
public sealed class SqliteChatStore(SqliteDatabase database) : IChatStore
{
    public async Task<(Result<T> Result, IReadOnlyList<ChatUpdate> Updates)> WriteAsync<T>(
        Func<IChatWriter, Task<Result<T>>> work, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var session = new SqliteChatSession(connection, transaction, cancellationToken);
        var result = await work(session).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return (result, []);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (result, session.Appended);
    }

    public async Task<T> ReadAsync<T>(Func<IChatReader, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await work(new SqliteChatSession(connection, null, cancellationToken)).ConfigureAwait(false);
    }
}
