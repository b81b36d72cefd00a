using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;

namespace Messenger.ChatCore.Attachments;

/// <summary>
/// Uploads and downloads. The type is sniffed, the size capped while streaming, and a voice note must decode as Opus
/// (in Ogg or WebM) before it is accepted; its duration and waveform come from that decode.
/// </summary>
public sealed class AttachmentService(IAttachmentStore store, BlobStore blobs, ChatOptions options, TimeProvider clock)
{
    public const int MaxFileNameLength = 255;

    public async Task<Result<Attachment>> UploadAsync(
        string userId, Stream content, string? fileName, bool voice, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(fileName?.Trim() ?? "");
        if (name.Length > MaxFileNameLength)
        {
            return ChatErrors.Invalid("name", $"A file name may be at most {MaxFileNameLength} characters long.");
        }

        var staged = await blobs.StageAsync(content, options.MaxAttachmentBytes, cancellationToken).ConfigureAwait(false);
        if (staged is null)
        {
            return TooLarge();
        }

        if (staged.Size == 0)
        {
            BlobStore.Discard(staged);
            return ChatErrors.Invalid("file", "The upload is empty.");
        }

        var contentType = ContentSniffer.Sniff(staged.Head);
        var kind = voice ? AttachmentKind.Voice : ContentSniffer.KindOf(contentType);
        VoiceInfo? info = null;
        if (voice)
        {
            var bytes = await File.ReadAllBytesAsync(staged.TempPath, cancellationToken).ConfigureAwait(false);
            (info, var error) = VoiceNoteAnalyzer.Analyze(bytes, contentType, options.MaxVoiceNoteDuration);
            if (error is not null)
            {
                BlobStore.Discard(staged);
                return ChatErrors.Invalid("file", "Not a valid voice note: " + error);
            }
        }

        blobs.Commit(staged);
        var attachment = new Attachment(
            Guid.CreateVersion7().ToString("N"), userId, kind, contentType, staged.Size, name, staged.Sha256,
            info?.DurationMs, info?.Waveform, clock.GetUtcNowMs());
        await store.InsertAsync(attachment, cancellationToken).ConfigureAwait(false);
        return attachment;
    }

    public async Task<Result<Attachment>> FindAsync(string userId, string attachmentId, CancellationToken cancellationToken)
    {
        var attachment = await store.FindAsync(attachmentId, cancellationToken).ConfigureAwait(false);
        return attachment is not null && await store.CanReadAsync(userId, attachmentId, cancellationToken).ConfigureAwait(false)
            ? attachment
            : NotFound();
    }

    public Stream OpenRead(Attachment attachment) => blobs.OpenRead(attachment.Sha256);

    /// <summary>The caller's own uploads, for attaching to a message they send.</summary>
    public async Task<Result<IReadOnlyList<Attachment>>> ResolveOwnAsync(
        string userId, IReadOnlyList<string>? attachmentIds, CancellationToken cancellationToken)
    {
        var ids = attachmentIds ?? [];
        if (ids.Count > options.MaxAttachmentsPerMessage)
        {
            return ChatErrors.Invalid("attachmentIds", $"A message may carry at most {options.MaxAttachmentsPerMessage} attachments.");
        }

        var found = new List<Attachment>(ids.Count);
        foreach (var id in ids.Distinct())
        {
            var attachment = await store.FindAsync(id, cancellationToken).ConfigureAwait(false);
            if (attachment is null || !string.Equals(attachment.OwnerId, userId, StringComparison.Ordinal))
            {
                return NotFound() with { Field = "attachmentIds" };
            }

            found.Add(attachment);
        }

        return found;
    }

    private DirectoryError TooLarge() =>
        new(DirectoryErrorKind.TooLarge, "file", $"An attachment may be at most {options.MaxAttachmentBytes} bytes.");

    private static DirectoryError NotFound() =>
        new(DirectoryErrorKind.NotFound, "attachmentId", "No such attachment, or you may not read it.");
}
