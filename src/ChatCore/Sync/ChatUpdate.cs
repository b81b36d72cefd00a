using System.Text.Json;

namespace Messenger.ChatCore.Sync;

/// <summary>
/// One entry of a user's update log. <see cref="Cursor"/> rises monotonically; a device stores the highest it has
/// applied and asks <c>/api/sync</c> for what came after. <see cref="UserId"/> is set for entries addressed to one
/// user and null for entries every member of <see cref="ConversationId"/> reads.
/// </summary>
public sealed record ChatUpdate(
    long Cursor,
    string Kind,
    string? ConversationId,
    string? UserId,
    DateTimeOffset At,
    JsonElement Data);

/// <summary>A page of the update log; <see cref="NextCursor"/> is what to pass as <c>since</c> next.</summary>
public sealed record SyncPage(IReadOnlyList<ChatUpdate> Updates, long NextCursor, bool HasMore);

/// <summary>The kinds of update; docs/protocol.md gives each one's data.</summary>
public static class UpdateKinds
{
    public const string MessageNew = "message.new";
    public const string MessageEdited = "message.edited";
    public const string MessageDeleted = "message.deleted";
    public const string MessageHidden = "message.hidden";
    public const string ReactionAdded = "reaction.added";
    public const string ReactionRemoved = "reaction.removed";
    public const string Pinned = "conversation.pinned";
    public const string Receipt = "receipt";
    public const string ConversationAdded = "conversation.added";
    public const string ConversationRemoved = "conversation.removed";
    public const string ConversationUpdated = "conversation.updated";
    public const string MemberJoined = "member.joined";
    public const string MemberLeft = "member.left";
    public const string MemberRole = "member.role";
}

/// <summary>Told of updates once they have committed; the host pushes them to connected devices.</summary>
public interface IChatUpdateSink
{
    Task PublishAsync(IReadOnlyList<ChatUpdate> updates, CancellationToken cancellationToken);
}

/// <summary>The sink when nothing is connected (ChatCore on its own, tests).</summary>
public sealed class NullUpdateSink : IChatUpdateSink
{
    public Task PublishAsync(IReadOnlyList<ChatUpdate> updates, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Told, after the commit and the push, which log entries a write appended (the bots' update feed listens here). It
/// must return at once and never throw: the entries are already durable in the log, so a listener that needs to do
/// work only notes that there is some and reads the log itself.
/// </summary>
public interface IChatUpdateListener
{
    void OnCommitted(IReadOnlyList<ChatUpdate> updates);
}
