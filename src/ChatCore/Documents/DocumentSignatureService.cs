using Messenger.ChatCore.Attachments;
using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Storage;
using Microsoft.Extensions.Logging;

namespace Messenger.ChatCore.Documents;

/// <summary>
/// Signatures on documents: uploaded from the client (a detached .p7s) or made here with a key the user keeps on the
/// server. Every signature is verified before it is kept, and again on demand; one that is invalid on arrival is
/// refused with the reason. Any member may sign (co-signing); signatures are added, never edited.
/// </summary>
public sealed partial class DocumentSignatureService(
    ChatTransactions transactions, AttachmentService attachments, CmsSignatureVerifier verifier, SigningKeyService keys,
    DocumentOptions options, TimeProvider clock, IEnumerable<IDocumentSignatureListener> listeners,
    ILogger<DocumentSignatureService> logger)
{
    /// <summary>Adds a signature made on the user's device: DER, base64 of DER, or PEM ("-----BEGIN CMS/PKCS7-----").</summary>
    public async Task<Result<SignatureInfo>> AddClientSignatureAsync(
        string userId, string documentId, byte[] signature, CancellationToken cancellationToken)
    {
        if (signature.Length > options.MaxSignatureBytes)
        {
            return new DirectoryError(DirectoryErrorKind.TooLarge, "signature", $"A signature may be at most {options.MaxSignatureBytes} bytes.");
        }

        var cms = SignatureEncoding.ToDer(signature);
        if (cms is null)
        {
            return ChatErrors.Invalid("signature", "Not a CMS signature in DER, base64 or PEM.");
        }

        if (CmsSignatureVerifier.ReadSingleSigner(cms, out _, out var error) is null)
        {
            return ChatErrors.Invalid("signature", error!);
        }

        var found = await LoadAsync(userId, documentId, cancellationToken).ConfigureAwait(false);
        return found.IsSuccess
            ? await AddAsync(userId, found.Value.View, verifier.Verify(found.Value.Bytes, cms), cms, SignatureSource.Client, "signature",
                cancellationToken).ConfigureAwait(false)
            : found.Error!;
    }

    /// <summary>Signs the document here with one of the user's server-held keys (<see cref="SigningKeyService"/>).</summary>
    public async Task<Result<SignatureInfo>> SignWithServerKeyAsync(
        string userId, string documentId, string? keyId, CancellationToken cancellationToken)
    {
        var found = await LoadAsync(userId, documentId, cancellationToken).ConfigureAwait(false);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var key = await keys.OpenAsync(userId, keyId, cancellationToken).ConfigureAwait(false);
        if (!key.IsSuccess)
        {
            return key.Error!;
        }

        var cms = CmsDocumentSigner.Sign(found.Value.Bytes, key.Value!, clock.GetUtcNowMs());
        return await AddAsync(userId, found.Value.View, verifier.Verify(found.Value.Bytes, cms), cms, SignatureSource.Server, "keyId",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Verifies every signature again (trusted roots may have changed since) and stores the new results; tells
    /// devices with document.updated when a status changed.
    /// </summary>
    public async Task<Result<DocumentView>> VerifyAsync(string userId, string documentId, CancellationToken cancellationToken)
    {
        var found = await LoadAsync(userId, documentId, cancellationToken).ConfigureAwait(false);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var stored = await transactions.Store.ReadAsync(
            reader => DocumentAccess.Documents(reader).ListSignaturesAsync(documentId), cancellationToken).ConfigureAwait(false);
        var checks = stored.ToDictionary(s => s.Id, s => verifier.Verify(found.Value.Bytes, s.Cms));
        var now = clock.GetUtcNowMs();
        return await transactions.RunAsync<DocumentView>(async writer =>
        {
            var current = await DocumentAccess.FindAsync(writer, documentId, userId).ConfigureAwait(false);
            if (!current.IsSuccess)
            {
                return current.Error!;
            }

            var view = current.Value!;
            var changed = false;
            var signatures = view.Document.Signatures.Select(s =>
            {
                if (!checks.TryGetValue(s.Id, out var check))
                {
                    return s;
                }

                changed |= s.Status != check.Status;
                return s with { Status = check.Status, Reason = check.Reason, VerifiedAt = now };
            }).ToList();
            var document = view.Document with { Signatures = signatures };
            await ((IDocumentWriter)DocumentAccess.Documents(writer)).SetDocumentAsync(view.ConversationId, view.Seq, document).ConfigureAwait(false);
            if (changed)
            {
                await writer.AppendUpdateAsync(DocumentUpdateKinds.Updated, view.ConversationId, null,
                    new DocumentUpdated(view.ConversationId, view.Seq, document), now).ConfigureAwait(false);
            }

            return view with { Document = document };
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The signature's CMS bytes (DER), for members who want to check it themselves.</summary>
    public Task<Result<byte[]>> DownloadAsync(string userId, string documentId, string signatureId, CancellationToken cancellationToken) =>
        transactions.Store.ReadAsync<Result<byte[]>>(async reader =>
        {
            var found = await DocumentAccess.FindAsync(reader, documentId, userId).ConfigureAwait(false);
            if (!found.IsSuccess)
            {
                return found.Error!;
            }

            var signature = (await DocumentAccess.Documents(reader).ListSignaturesAsync(documentId).ConfigureAwait(false))
                .FirstOrDefault(s => s.Id == signatureId);
            return signature is null
                ? new DirectoryError(DirectoryErrorKind.NotFound, "signatureId", "No such signature on this document.")
                : signature.Cms;
        }, cancellationToken);

    private async Task<Result<(DocumentView View, byte[] Bytes)>> LoadAsync(string userId, string documentId, CancellationToken cancellationToken)
    {
        var found = await transactions.Store.ReadAsync(reader => DocumentAccess.FindAsync(reader, documentId, userId), cancellationToken)
            .ConfigureAwait(false);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        await using var stream = attachments.OpenRead(found.Value!.Document.File);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return (found.Value, copy.ToArray());
    }

    private async Task<Result<SignatureInfo>> AddAsync(
        string userId, DocumentView loaded, SignatureCheck check, byte[] cms, SignatureSource source, string field,
        CancellationToken cancellationToken)
    {
        if (check.Status == SignatureStatus.Invalid)
        {
            return ChatErrors.Invalid(field, "The signature is invalid: " + check.Reason);
        }

        var now = clock.GetUtcNowMs();
        var signature = new SignatureInfo(Guid.CreateVersion7().ToString("N"), userId, source, check.Status, check.Reason, check.SignerName,
            check.Subject, check.Algorithm, check.SigningTime, now, now);
        DocumentView? signedView = null;
        var added = await transactions.RunAsync<SignatureInfo>(async writer =>
        {
            var current = await DocumentAccess.FindAsync(writer, loaded.Document.Id, userId).ConfigureAwait(false);
            if (!current.IsSuccess)
            {
                return current.Error!;
            }

            // A document's file never changes (edits touch only title and description), so the verification made
            // outside this transaction still holds; only what may have changed meanwhile is checked again.
            var view = current.Value!;
            if (view.Document.SupersededBy is { } newer)
            {
                return ChatErrors.Conflict("documentId", $"This version is superseded by document {newer}; sign the latest.");
            }

            if (view.Document.Signatures.Count >= options.MaxSignaturesPerDocument)
            {
                return ChatErrors.Conflict(field, $"A document may carry at most {options.MaxSignaturesPerDocument} signatures.");
            }

            var documents = (IDocumentWriter)DocumentAccess.Documents(writer);
            if (!await documents.InsertSignatureAsync(view.Document.Id, new StoredSignature(signature.Id, userId, cms), now).ConfigureAwait(false))
            {
                return ChatErrors.Conflict(field, "This signature is already on the document.");
            }

            var document = view.Document with { Signatures = [.. view.Document.Signatures, signature] };
            await documents.SetDocumentAsync(view.ConversationId, view.Seq, document).ConfigureAwait(false);
            await writer.AppendUpdateAsync(DocumentUpdateKinds.Updated, view.ConversationId, null,
                new DocumentUpdated(view.ConversationId, view.Seq, document, signature.Id), now).ConfigureAwait(false);
            signedView = view with { Document = document };
            return signature;
        }, cancellationToken).ConfigureAwait(false);

        if (added.IsSuccess)
        {
            await NotifyAsync(signedView!, signature).ConfigureAwait(false);
        }

        return added;
    }

    private async Task NotifyAsync(DocumentView document, SignatureInfo signature)
    {
        foreach (var listener in listeners)
        {
            try
            {
                // Not the caller's token: the signature has committed, so everyone interested should hear of it.
                await listener.OnSignatureAddedAsync(document, signature, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                LogListenerFailed(logger, exception, listener.GetType().Name, document.Document.Id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signature listener {Listener} failed for document {DocumentId}.")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception, string listener, string documentId);
}
