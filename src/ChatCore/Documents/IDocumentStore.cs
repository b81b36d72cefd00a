namespace Messenger.ChatCore.Documents;

/// <summary>Where a document's message is, and which version it is.</summary>
public sealed record DocumentLocation(string Id, string ConversationId, long Seq, int Version, string? SupersedesId);

/// <summary>A signature as uploaded: the CMS bytes, kept so it can be verified again and downloaded.</summary>
public sealed record StoredSignature(string Id, string SignerUserId, byte[] Cms);

/// <summary>
/// Document reads. The chat store's reader and writer also implement these (<see cref="IDocumentWriter"/>), so a
/// document, its message and its update-log entries commit in one transaction; another engine implements both.
/// </summary>
public interface IDocumentReader
{
    Task<DocumentLocation?> FindDocumentAsync(string documentId);

    Task<IReadOnlyList<StoredSignature>> ListSignaturesAsync(string documentId);
}

public interface IDocumentWriter : IDocumentReader
{
    Task InsertDocumentAsync(DocumentLocation document, DateTimeOffset at);

    /// <summary>False when the same signature bytes were already added to this document.</summary>
    Task<bool> InsertSignatureAsync(string documentId, StoredSignature signature, DateTimeOffset at);

    /// <summary>Rewrites the document payload the message carries (signatures, superseded-by, title).</summary>
    Task SetDocumentAsync(string conversationId, long seq, DocumentInfo document);
}
