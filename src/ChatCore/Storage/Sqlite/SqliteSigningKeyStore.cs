using Dapper;
using Messenger.ChatCore.Documents;

namespace Messenger.ChatCore.Storage.Sqlite;

/// <summary>Server-held signing keys (migration 6); the private key column holds only sealed bytes.</summary>
public sealed class SqliteSigningKeyStore(SqliteDatabase database) : ISigningKeyStore
{
    private const string Columns =
        "id AS Id, user_id AS UserId, algorithm AS Algorithm, subject AS Subject, certificate AS Certificate, " +
        "sealed_key AS SealedKey, created_at AS CreatedAtMs";

    public async Task InsertAsync(StoredSigningKey key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO signing_keys (id, user_id, algorithm, subject, certificate, sealed_key, created_at)
            VALUES (@Id, @UserId, @Algorithm, @Subject, @Certificate, @SealedKey, @CreatedAt);
            """,
            new { key.Id, key.UserId, key.Algorithm, key.Subject, key.Certificate, key.SealedKey, CreatedAt = key.CreatedAt.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredSigningKey>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM signing_keys WHERE user_id = @userId ORDER BY created_at, id;",
            new { userId }, cancellationToken: cancellationToken)).ConfigureAwait(false)).Select(r => r.ToKey()).ToList();
    }

    public async Task<StoredSigningKey?> FindAsync(string userId, string keyId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM signing_keys WHERE user_id = @userId AND id = @keyId;",
            new { userId, keyId }, cancellationToken: cancellationToken)).ConfigureAwait(false))?.ToKey();
    }

    public async Task<bool> DeleteAsync(string userId, string keyId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM signing_keys WHERE user_id = @userId AND id = @keyId;",
            new { userId, keyId }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string UserId { get; set; } = "";
        public string Algorithm { get; set; } = "";
        public string Subject { get; set; } = "";
        public byte[] Certificate { get; set; } = [];
        public byte[] SealedKey { get; set; } = [];
        public long CreatedAtMs { get; set; }

        public StoredSigningKey ToKey() =>
            new(Id, UserId, Algorithm, Subject, Certificate, SealedKey, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAtMs));
    }
}
