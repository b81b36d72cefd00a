using Messenger.ChatCore.Directory;

namespace Messenger.ChatCore.Conversations;

/// <summary>
/// The refusals chat operations share. A non-member gets the same "not found" as for a conversation that doesn't
/// exist, so conversation ids reveal nothing to outsiders.
/// </summary>
public static class ChatErrors
{
    public static DirectoryError NotMember() =>
        new(DirectoryErrorKind.NotFound, "conversationId", "No such conversation, or you are not a member of it.");

    public static DirectoryError NoMessage() =>
        new(DirectoryErrorKind.NotFound, "seq", "No such message in this conversation.");

    public static DirectoryError NoUser() => new(DirectoryErrorKind.NotFound, "userId", "No such user.");

    public static DirectoryError Forbidden(string field, string message) =>
        new(DirectoryErrorKind.Forbidden, field, message);

    public static DirectoryError Invalid(string field, string message) =>
        new(DirectoryErrorKind.Validation, field, message);

    public static DirectoryError Conflict(string field, string message) =>
        new(DirectoryErrorKind.Conflict, field, message);
}
