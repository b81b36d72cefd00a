namespace Messenger.ChatCore.Attachments;

/// <summary>
/// An uploaded file. <see cref="ContentType"/> is sniffed from its bytes; <see cref="Sha256"/> addresses the blob, so
/// identical uploads share storage. Voice notes carry their duration and a waveform (64 bars, 0-255, base64 in JSON).
/// </summary>
public sealed record Attachment(
    string Id,
    string OwnerId,
    AttachmentKind Kind,
    string ContentType,
    long Size,
    string FileName,
    string Sha256,
    long? DurationMs,
    byte[]? Waveform,
    DateTimeOffset CreatedAt);

public interface IAttachmentStore
{
    Task InsertAsync(Attachment attachment, CancellationToken cancellationToken);

    Task<Attachment?> FindAsync(string attachmentId, CancellationToken cancellationToken);

    /// <summary>True for the uploader and for members of a conversation with a message that carries it.</summary>
    Task<bool> CanReadAsync(string userId, string attachmentId, CancellationToken cancellationToken);
}
