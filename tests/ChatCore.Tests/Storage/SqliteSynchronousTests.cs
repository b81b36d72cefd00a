using Messenger.ChatCore.Storage.Sqlite;

namespace Messenger.ChatCore.Tests.Storage;

/// <summary>
/// The synchronous setting every connection gets: FULL (2) unless NORMAL (1) was asked for explicitly, in WAL mode
/// either way (https://sqlite.org/pragma.html#pragma_synchronous).
/// </summary>
public sealed class SqliteSynchronousTests
{
    [Theory]
    [InlineData(false, 2L)]
    [InlineData(true, 1L)]
    public async Task Every_connection_gets_the_configured_level(bool synchronousNormal, long expected)
    {
        var folder = Path.Combine(Path.GetTempPath(), "messenger-core-tests", Guid.NewGuid().ToString("N"));
        var database = new SqliteDatabase(Path.Combine(folder, "sync.db"), synchronousNormal);
        try
        {
            await database.MigrateAsync(CancellationToken.None);
            for (var i = 0; i < 2; i++)
            {
                // Twice: the second connection comes from the pool and must still have it.
                await using var connection = await database.OpenAsync(CancellationToken.None);
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA synchronous;";
                Assert.Equal(expected, (long)(await command.ExecuteScalarAsync())!);
                command.CommandText = "PRAGMA journal_mode;";
                Assert.Equal("wal", (string)(await command.ExecuteScalarAsync())!);
            }

            Assert.Equal(synchronousNormal, database.SynchronousNormal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }
}
