using System.Text.Json.Serialization;
using Messenger.ChatCore.Attachments;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Messages;

[JsonConverter(typeof(CamelCaseEnumConverter<MessageKind>))]
public enum MessageKind
{
    Text = 1,

    /// <summary>Written by the server: member joined, title changed, call started and ended.</summary>
    System = 2,

    /// <summary>A file to be read and signed, with a title and version (issue #7); see <see cref="ChatMessage.Document"/>.</summary>
    Document = 3,
}

/// <summary>Where a forwarded message came from.</summary>
public sealed record ForwardedFrom(string ConversationId, long Seq, string? SenderId);

/// <summary>
/// What a system message records. <see cref="Type"/> is one of <see cref="SystemEvents"/>; the rest depends on it.
/// A call record (<see cref="SystemEvents.CallEnded"/>) carries the caller as <see cref="ActorId"/>, the call's
/// <see cref="Outcome"/> (one of <see cref="CallOutcomes"/>), its <see cref="DurationSeconds"/> from the first answer,
/// and whether it was a <see cref="Video"/> call.
/// </summary>
public sealed record SystemEvent(
    string Type, string? ActorId = null, string? UserId = null, string? Title = null, string? CallId = null,
    string? Outcome = null, int? DurationSeconds = null, bool? Video = null);

public static class SystemEvents
{
    public const string Created = "created";
    public const string MemberJoined = "member_joined";
    public const string MemberLeft = "member_left";
    public const string MemberRemoved = "member_removed";
    public const string TitleChanged = "title_changed";
    public const string CallStarted = "call_started";
    public const string CallEnded = "call_ended";
}

/// <summary>How a call ended, as its system message records it.</summary>
public static class CallOutcomes
{
    /// <summary>Someone answered; the call ran for its duration.</summary>
    public const string Ended = "ended";

    /// <summary>Nobody answered before the ring timeout, or the caller gave up first.</summary>
    public const string Missed = "missed";

    /// <summary>Everyone rung declined.</summary>
    public const string Declined = "declined";

    /// <summary>Everyone who could have been rung was already in another call.</summary>
    public const string Busy = "busy";
}

public sealed record ReactionSummary(string Emoji, long Count, bool Mine);

/// <summary>
/// A message. Its identity is (conversation, seq): seq is gap-free per conversation and assigned by the server, as is
/// <see cref="SentAt"/>; <see cref="ClientMessageId"/> is the sender's own id, which makes resending idempotent.
/// A message deleted for everyone keeps its seq as a tombstone with empty text.
/// </summary>
public sealed record ChatMessage(
    string ConversationId,
    long Seq,
    MessageKind Kind,
    string? SenderId,
    string? ClientMessageId,
    string Text,
    long? ReplyToSeq,
    ForwardedFrom? ForwardedFrom,
    SystemEvent? System,
    DateTimeOffset SentAt,
    DateTimeOffset? EditedAt,
    bool Deleted)
{
    /// <summary>Filled in by history reads; empty in update payloads, which carry reaction changes separately.</summary>
    public IReadOnlyList<ReactionSummary> Reactions { get; init; } = [];

    /// <summary>Files, images and voice notes sent with the message (their metadata; bytes via /api/attachments).</summary>
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    /// <summary>Set on <see cref="MessageKind.Document"/> messages: the document, its version and its signatures.</summary>
    public Documents.DocumentInfo? Document { get; init; }
    /// <summary>Inline buttons a bot put under the message (issue #7); absent from the JSON when there are none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Bots.InlineKeyboardMarkup? ReplyMarkup { get; init; }
}

/// <summary>An earlier text of an edited message, kept as history.</summary>
public sealed record MessageEdit(string Text, DateTimeOffset ReplacedAt);

/// <summary>A page of history in ascending seq order, and whether more lies in the direction asked for.</summary>
public sealed record MessagePage(IReadOnlyList<ChatMessage> Items, bool HasMore);
