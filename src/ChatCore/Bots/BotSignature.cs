using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Documents;

namespace Messenger.ChatCore.Bots;

/// <summary>
/// A signature as a bot sees it: the <c>signature</c> update's object, and an item of getDocumentSignatures.
/// <see cref="Signature"/> is the detached CMS SignedData (RFC 5652) in base64 of its DER, exactly as stored, so the
/// service can verify it against the document's bytes itself. <see cref="Status"/> (valid, invalid, untrusted),
/// <see cref="Reason"/>, <see cref="SignerName"/>, <see cref="Algorithm"/> and <see cref="SigningTime"/> are the
/// server's verification (docs/signatures.md); the signing time is the signer's own claim (RFC 5652 §11.3).
/// </summary>
public sealed record BotSignature(
    string Id,
    string DocumentId,
    BotChat Chat,
    long MessageId,
    BotUser? Signer,
    string Signature,
    string Status,
    string Reason,
    string SignerName,
    string Subject,
    string Algorithm,
    long? SigningTime,
    string Source,
    long Date)
{
    public static BotSignature Of(DocumentInfo document, SignatureInfo signature, byte[] cms, BotChat chat, long seq, UserAccount? signer) => new(
        signature.Id,
        document.Id,
        chat,
        seq,
        signer is null ? null : BotUser.From(signer),
        Convert.ToBase64String(cms),
        signature.Status switch
        {
            SignatureStatus.Valid => "valid",
            SignatureStatus.Invalid => "invalid",
            _ => "untrusted",
        },
        signature.Reason,
        signature.SignerName,
        signature.Subject,
        signature.Algorithm,
        signature.SigningTime?.ToUnixTimeSeconds(),
        signature.Source == SignatureSource.Client ? "client" : "server",
        signature.AddedAt.ToUnixTimeSeconds());
}
