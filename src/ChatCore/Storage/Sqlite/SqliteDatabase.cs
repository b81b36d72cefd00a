using Microsoft.Data.Sqlite;

namespace Messenger.ChatCore.Storage.Sqlite;

/// <summary>
/// The embedded default engine: one SQLite file. Connections are pooled by Microsoft.Data.Sqlite; WAL lets readers
/// run beside the single writer, and the busy timeout makes writers queue instead of failing.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly string _pragmas;

    /// <param name="filePath">The database file; its folder is created.</param>
    /// <param name="synchronousNormal">
    /// PRAGMA synchronous = NORMAL instead of SQLite's default FULL. In WAL mode NORMAL does not fsync the WAL at each
    /// commit, only at checkpoints: a commit is still atomic and survives a process crash, but the last commits before
    /// a power loss or OS crash may be lost (https://sqlite.org/pragma.html#pragma_synchronous). Off by default.
    /// </param>
    public SqliteDatabase(string filePath, bool synchronousNormal = false)
    {
        SynchronousNormal = synchronousNormal;
        _pragmas = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;" + (synchronousNormal ? " PRAGMA synchronous = NORMAL;" : "");
        var folder = Path.GetDirectoryName(Path.GetFullPath(filePath));
        if (!string.IsNullOrEmpty(folder))
        {
            System.IO.Directory.CreateDirectory(folder);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = filePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();
    }

    public bool SynchronousNormal { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = _pragmas;
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Applies every migration not yet applied, each in its own transaction.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await SqliteMigrations.ApplyAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>SQLite reports a UNIQUE or PRIMARY KEY violation as extended code 2067 / 1555.</summary>
    internal static bool IsUniqueViolation(SqliteException exception) =>
        exception.SqliteErrorCode == 19 && exception.SqliteExtendedErrorCode is 2067 or 1555;
}
