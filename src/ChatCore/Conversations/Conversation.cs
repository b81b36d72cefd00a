using System.Text.Json.Serialization;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Conversations;

[JsonConverter(typeof(CamelCaseEnumConverter<ConversationKind>))]
public enum ConversationKind
{
    /// <summary>Two users; exactly one per pair, created by the first message.</summary>
    Direct = 1,

    /// <summary>Everyone posts; up to <see cref="ChatOptions.MaxGroupMembers"/> members.</summary>
    Group = 2,

    /// <summary>Only admins post; subscribers are unbounded.</summary>
    Channel = 3,
}

/// <summary>Roles are ordered: a higher role may do everything a lower one may.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<MemberRole>))]
public enum MemberRole
{
    Member = 1,
    Admin = 2,
    Owner = 3,
}

public sealed record Conversation(
    string Id,
    ConversationKind Kind,
    string Title,
    string? Avatar,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    long LastSeq,
    long MemberCount,
    long? PinnedSeq);

/// <summary>
/// One user's membership, which also carries their per-conversation state: receipt cursors and the update-log
/// position from which they may read the conversation's log.
/// </summary>
public sealed record Member(
    string ConversationId,
    string UserId,
    MemberRole Role,
    DateTimeOffset JoinedAt,
    long VisibleFrom,
    long DeliveredSeq,
    long ReadSeq);

/// <summary>A conversation as one member sees it in their list.</summary>
public sealed record ConversationSummary(
    Conversation Conversation,
    MemberRole Role,
    long DeliveredSeq,
    long ReadSeq,
    long UnreadCount,
    string? PeerId);

/// <summary>Key of the one direct conversation between two users, whichever of them writes first.</summary>
public static class DirectKey
{
    public static string For(string a, string b) =>
        string.CompareOrdinal(a, b) < 0 ? a + ":" + b : b + ":" + a;

    public static string? PeerOf(string key, string userId)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var first = key[..colon];
        return string.Equals(first, userId, StringComparison.Ordinal) ? key[(colon + 1)..] : first;
    }
}
