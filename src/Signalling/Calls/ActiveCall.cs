using Messenger.ChatCore.Conversations;

namespace Messenger.Signalling.Calls;

/// <summary>
/// One call while it lasts. Calls live in memory only: they end when the process does, and what lasts is the system
/// message recording the outcome. Every field is guarded by <see cref="CallService"/>'s lock.
/// </summary>
internal sealed class ActiveCall(string id, string conversationId, ConversationKind kind, string callerId, bool video, DateTimeOffset startedAt)
{
    public string Id { get; } = id;

    public string ConversationId { get; } = conversationId;

    public ConversationKind Kind { get; } = kind;

    public string CallerId { get; } = callerId;

    public bool Video { get; } = video;

    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>The SFU room: one per call, named after it.</summary>
    public string Room => "call-" + Id;

    /// <summary>When the first callee answered; the call's duration counts from here.</summary>
    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>Who is in the call, and on which device.</summary>
    public Dictionary<string, string> Participants { get; } = new(StringComparer.Ordinal);

    /// <summary>Who is being rung and has not yet answered, declined or timed out.</summary>
    public HashSet<string> Ringing { get; } = new(StringComparer.Ordinal);

    public ITimer? RingTimer { get; set; }

    public CallInfo Describe() => new(
        Id, ConversationId, CallerId, Video, Room, AnsweredAt is not null, [.. Participants.Keys], [.. Ringing], StartedAt);

    /// <summary>Everyone who hears about the call: participants and those still being rung.</summary>
    public List<string> Audience() => [.. Participants.Keys, .. Ringing];

    public int DurationSeconds(DateTimeOffset now) => AnsweredAt is { } at ? (int)Math.Max(0, (now - at).TotalSeconds) : 0;
}
