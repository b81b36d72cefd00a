namespace Messenger.ChatCore.Documents;

/// <summary>Settings under <c>Messenger:Signatures</c> (docs/signatures.md).</summary>
public sealed class DocumentOptions
{
    public const string Section = "Messenger:Signatures";

    /// <summary>PEM files or folders of PEM files whose certificates are trusted roots for signatures.</summary>
    public List<string> TrustedRoots { get; set; } = [];

    /// <summary>Where the key sealing server-held signing keys lives; the host sets it to <c>{DataPath}/keys</c>.</summary>
    public string KeyFolder { get; set; } = "";

    public int MaxSignaturesPerDocument { get; set; } = 50;

    /// <summary>Largest .p7s accepted; a CMS signature with a certificate chain is a few kilobytes.</summary>
    public int MaxSignatureBytes { get; set; } = 256 * 1024;

    public int MaxTitleLength { get; set; } = 200;
}

/// <summary>A document message as the document API returns it.</summary>
public sealed record DocumentView(string ConversationId, long Seq, string? SenderId, DateTimeOffset SentAt, DocumentInfo Document);

/// <summary>
/// Told after a signature has committed, e.g. so a bot that asked for a signature can act on it. Called once per
/// signature, after the update has gone to devices; an exception is logged and does not undo the signature.
/// </summary>
public interface IDocumentSignatureListener
{
    Task OnSignatureAddedAsync(DocumentView document, SignatureInfo signature, CancellationToken cancellationToken);
}
