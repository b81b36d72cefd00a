using Messenger.ChatCore.Storage.Sqlite;

namespace Messenger.ChatCore.Tests;

/// <summary>A migrated SQLite file in a temp folder, deleted afterwards.</summary>
public sealed class TempDatabase : IAsyncLifetime
{
    private readonly string _folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "messenger-core-tests", Guid.NewGuid().ToString("N"));

    public SqliteDatabase Database { get; private set; } = null!;

    public string Path => System.IO.Path.Combine(_folder, "test.db");

    public async Task InitializeAsync()
    {
        Database = new SqliteDatabase(Path);
        await Database.MigrateAsync(CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Harmless leftover.
        }

        return Task.CompletedTask;
    }
}
