using System.Threading.Channels;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Storage.Sqlite;

/// <summary>
/// <see cref="IChatStore"/> on the SQLite file, with group commit. SQLite has one writer at a time and each commit
/// costs a WAL fsync, so writes queue here and one loop runs as many as are waiting in a single transaction, each
/// inside its own SAVEPOINT: a write that fails or throws is rolled back alone, the rest commit together, and every
/// caller learns its outcome only after that commit. Under load this amortises the fsync over the batch instead of
/// paying it per message; when idle a batch is one write. Measured in docs/performance.md.
/// </summary>
public sealed class SqliteChatStore : IChatStore, IAsyncDisposable
{
    public const int MaxBatch = 256;

    private readonly SqliteDatabase _database;
    private readonly Channel<IWrite> _queue = Channel.CreateUnbounded<IWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public SqliteChatStore(SqliteDatabase database)
    {
        _database = database;
        _loop = Task.Run(WriteLoopAsync);
    }

    public Task<(Result<T> Result, IReadOnlyList<ChatUpdate> Updates)> WriteAsync<T>(
        Func<IChatWriter, Task<Result<T>>> work, CancellationToken cancellationToken)
    {
        var write = new Write<T>(work, cancellationToken);
        return _queue.Writer.TryWrite(write)
            ? write.Completion
            : Task.FromException<(Result<T>, IReadOnlyList<ChatUpdate>)>(new ObjectDisposedException(nameof(SqliteChatStore)));
    }

    public async Task<T> ReadAsync<T>(Func<IChatReader, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await work(new SqliteChatSession(connection, null, cancellationToken)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<IWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
            {
                if (!write.CancelIfRequested())
                {
                    batch.Add(write);
                }
            }

            if (batch.Count > 0)
            {
                await RunBatchAsync(batch).ConfigureAwait(false);
            }
        }
    }

    private async Task RunBatchAsync(List<IWrite> batch)
    {
        try
        {
            await using var connection = await _database.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                var savepoint = "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await transaction.SaveAsync(savepoint).ConfigureAwait(false);
                var session = new SqliteChatSession(connection, transaction, CancellationToken.None);
                if (await batch[i].RunAsync(session).ConfigureAwait(false))
                {
                    await transaction.ReleaseAsync(savepoint).ConfigureAwait(false);
                }
                else
                {
                    await transaction.RollbackAsync(savepoint).ConfigureAwait(false);
                    await transaction.ReleaseAsync(savepoint).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // The transaction itself failed (disk full, I/O error): nothing in the batch was written.
            foreach (var write in batch)
            {
                write.Fail(exception);
            }

            return;
        }

        foreach (var write in batch)
        {
            write.Complete();
        }
    }

    private interface IWrite
    {
        bool CancelIfRequested();

        /// <summary>Runs the work; true to keep its writes, false to roll its savepoint back.</summary>
        Task<bool> RunAsync(SqliteChatSession session);

        void Complete();

        void Fail(Exception exception);
    }

    private sealed class Write<T>(Func<IChatWriter, Task<Result<T>>> work, CancellationToken cancellationToken) : IWrite
    {
        private readonly TaskCompletionSource<(Result<T>, IReadOnlyList<ChatUpdate>)> _completion =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        private Result<T> _result;
        private IReadOnlyList<ChatUpdate> _updates = [];
        private Exception? _error;

        public Task<(Result<T> Result, IReadOnlyList<ChatUpdate> Updates)> Completion => _completion.Task;

        public bool CancelIfRequested() => cancellationToken.IsCancellationRequested && _completion.TrySetCanceled(cancellationToken);

        public async Task<bool> RunAsync(SqliteChatSession session)
        {
            try
            {
                _result = await work(session).ConfigureAwait(false);
                _updates = _result.IsSuccess ? session.Appended : [];
                return _result.IsSuccess;
            }
            catch (Exception exception)
            {
                _error = exception;
                return false;
            }
        }

        public void Complete()
        {
            if (_error is not null)
            {
                _completion.TrySetException(_error);
            }
            else
            {
                _completion.TrySetResult((_result, _updates));
            }
        }

        public void Fail(Exception exception) => _completion.TrySetException(exception);
    }
}
