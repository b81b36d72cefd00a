using System.Text.Json.Serialization;
using Messenger.ChatCore.Bots;

namespace Messenger.Signalling.Bots;

/// <summary>Where a signature stands, as the document kind reports it.</summary>
public static class SignatureStatuses
{
    public const string Signed = "signed";
    public const string Verified = "verified";
    public const string Invalid = "invalid";
    public const string Declined = "declined";
}

/// <summary>
/// The <c>signature</c> update: a user signed (or declined) a document a bot sent with <c>request_signature: true</c>.
/// <see cref="Signature"/> is the detached CMS SignedData (RFC 5652) in base64, exactly as the signer's client made it,
/// so the bot can verify it itself; <see cref="Status"/> is one of <see cref="SignatureStatuses"/>.
/// </summary>
public sealed record SignatureUpdate(
    string? DocumentId,
    BotChat Chat,
    long MessageId,
    BotUser Signer,
    string? Signature,
    string Status,
    long Date)
{
    [JsonIgnore]
    public string ConversationId => Chat.Id;
}
