using Dapper;
using Messenger.ChatCore.Attachments;

namespace Messenger.ChatCore.Storage.Sqlite;

public sealed class SqliteAttachmentStore(SqliteDatabase database) : IAttachmentStore
{
    public async Task InsertAsync(Attachment attachment, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO attachments (id, owner_id, sha256, size, content_type, kind, file_name, duration_ms, waveform, created_at)
            VALUES (@Id, @OwnerId, @Sha256, @Size, @ContentType, @Kind, @FileName, @DurationMs, @Waveform, @CreatedAt);
            """,
            new
            {
                attachment.Id, attachment.OwnerId, attachment.Sha256, attachment.Size, attachment.ContentType,
                Kind = (int)attachment.Kind, attachment.FileName, attachment.DurationMs, attachment.Waveform,
                CreatedAt = attachment.CreatedAt.ToUnixTimeMilliseconds(),
            }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<Attachment?> FindAsync(string attachmentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            """
            SELECT id AS Id, owner_id AS OwnerId, sha256 AS Sha256, size AS Size, content_type AS ContentType, kind AS Kind,
                   file_name AS FileName, duration_ms AS DurationMs, waveform AS Waveform, created_at AS CreatedAtMs
            FROM attachments WHERE id = @attachmentId;
            """, new { attachmentId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row is null
            ? null
            : new Attachment(row.Id, row.OwnerId, (AttachmentKind)row.Kind, row.ContentType, row.Size, row.FileName, row.Sha256,
                row.DurationMs, row.Waveform, DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAtMs));
    }

    public async Task<bool> CanReadAsync(string userId, string attachmentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            SELECT EXISTS (SELECT 1 FROM attachments WHERE id = @attachmentId AND owner_id = @userId)
                OR EXISTS (SELECT 1 FROM message_attachments ma
                           JOIN members m ON m.conversation_id = ma.conversation_id AND m.user_id = @userId
                           WHERE ma.attachment_id = @attachmentId);
            """, new { userId, attachmentId }, cancellationToken: cancellationToken)).ConfigureAwait(false) != 0;
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string OwnerId { get; set; } = "";
        public string Sha256 { get; set; } = "";
        public long Size { get; set; }
        public string ContentType { get; set; } = "";
        public long Kind { get; set; }
        public string FileName { get; set; } = "";
        public long? DurationMs { get; set; }
        public byte[]? Waveform { get; set; }
        public long CreatedAtMs { get; set; }
    }
}
