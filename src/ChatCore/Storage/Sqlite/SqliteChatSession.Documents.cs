using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Messenger.ChatCore.Documents;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Storage.Sqlite;

/// <summary>Documents and their signatures (migration 6), written in the same transaction as their messages.</summary>
internal sealed partial class SqliteChatSession : IDocumentWriter
{
    public async Task<DocumentLocation?> FindDocumentAsync(string documentId)
    {
        var rows = await connection.QueryAsync<(string Id, string ConversationId, long Seq, long Version, string? SupersedesId)>(Command(
            "SELECT id, conversation_id, seq, version, supersedes_id FROM documents WHERE id = @documentId;",
            new { documentId })).ConfigureAwait(false);
        return rows.Select(r => new DocumentLocation(r.Id, r.ConversationId, r.Seq, (int)r.Version, r.SupersedesId)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<StoredSignature>> ListSignaturesAsync(string documentId) =>
        (await connection.QueryAsync<(string Id, string SignerUserId, byte[] Cms)>(Command(
            "SELECT id, signer_user_id, cms FROM document_signatures WHERE document_id = @documentId ORDER BY added_at, id;",
            new { documentId })).ConfigureAwait(false))
            .Select(s => new StoredSignature(s.Id, s.SignerUserId, s.Cms)).ToList();

    public Task InsertDocumentAsync(DocumentLocation document, DateTimeOffset at) =>
        connection.ExecuteAsync(Command(
            """
            INSERT INTO documents (id, conversation_id, seq, version, supersedes_id, created_at)
            VALUES (@Id, @ConversationId, @Seq, @Version, @SupersedesId, @at);
            """, new { document.Id, document.ConversationId, document.Seq, document.Version, document.SupersedesId, at = Ms(at) }));

    public async Task<bool> InsertSignatureAsync(string documentId, StoredSignature signature, DateTimeOffset at) =>
        await connection.ExecuteAsync(Command(
            """
            INSERT INTO document_signatures (id, document_id, signer_user_id, cms, cms_sha256, added_at)
            VALUES (@Id, @documentId, @SignerUserId, @Cms, @hash, @at)
            ON CONFLICT (document_id, cms_sha256) DO NOTHING;
            """, new
            {
                signature.Id, documentId, signature.SignerUserId, signature.Cms,
                hash = Convert.ToHexStringLower(SHA256.HashData(signature.Cms)), at = Ms(at),
            })).ConfigureAwait(false) > 0;

    public Task SetDocumentAsync(string conversationId, long seq, DocumentInfo document) =>
        connection.ExecuteAsync(Command(
            "UPDATE messages SET document_json = @json WHERE conversation_id = @conversationId AND seq = @seq;",
            new { conversationId, seq, json = JsonSerializer.Serialize(document, ChatJson.Options) }));
}
