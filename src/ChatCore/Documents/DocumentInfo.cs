using System.Text.Json.Serialization;
using Messenger.ChatCore.Attachments;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Documents;

/// <summary>
/// The <c>document</c> payload of a <see cref="Messages.MessageKind.Document"/> message: everything a client needs to
/// show it (title, version, the file, who asked for signatures, each signature's status and signer).
/// <see cref="Supersedes"/> is the previous version's id; <see cref="SupersededBy"/> is set once a newer version exists.
/// </summary>
public sealed record DocumentInfo(
    string Id,
    string Title,
    string? Description,
    int Version,
    string? Supersedes,
    string? SupersededBy,
    Attachment File,
    bool SignatureRequested,
    string? RequestedBy,
    IReadOnlyList<SignatureInfo> Signatures);

[JsonConverter(typeof(CamelCaseEnumConverter<SignatureStatus>))]
public enum SignatureStatus
{
    /// <summary>Intact, correctly signed by a certificate valid at signing time that chains to a trusted root.</summary>
    Valid = 1,

    /// <summary>The document or signature does not check out, the algorithm is not allowed, or the certificate was not valid.</summary>
    Invalid = 2,

    /// <summary>Cryptographically sound, but the signer's certificate does not chain to a configured trusted root.</summary>
    Untrusted = 3,
}

/// <summary>Where a signature was made: on the user's device (uploaded .p7s) or by the server with a key kept there.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<SignatureSource>))]
public enum SignatureSource
{
    Client = 1,
    Server = 2,
}

/// <summary>
/// One signature as verified: its status and why, the signer (the certificate's CN, else its subject), the algorithm
/// name from <see cref="SignatureAlgorithms"/>, the signed signingTime attribute (RFC 5652 §11.3) when present.
/// </summary>
public sealed record SignatureInfo(
    string Id,
    string SignerUserId,
    SignatureSource Source,
    SignatureStatus Status,
    string Reason,
    string SignerName,
    string Subject,
    string Algorithm,
    DateTimeOffset? SigningTime,
    DateTimeOffset AddedAt,
    DateTimeOffset VerifiedAt);

/// <summary>What the verifier found about one CMS signature, before it is stored.</summary>
public sealed record SignatureCheck(
    SignatureStatus Status, string Reason, string SignerName, string Subject, string Algorithm, DateTimeOffset? SigningTime);

/// <summary>Update kinds of the document feature, in the conversation's log.</summary>
public static class DocumentUpdateKinds
{
    /// <summary>A document's signatures or its superseded-by changed; data is <see cref="DocumentUpdated"/>.</summary>
    public const string Updated = "document.updated";
}

/// <summary>
/// The data of a document.updated entry. <see cref="AddedSignatureId"/> names the signature this entry added (null when
/// the entry is a re-verification or a superseded-by change), so a reader of the log (the bot feed) can tell a new
/// signature from a status change without comparing lists.
/// </summary>
public sealed record DocumentUpdated(
    string ConversationId, long Seq, DocumentInfo Document,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AddedSignatureId = null);
