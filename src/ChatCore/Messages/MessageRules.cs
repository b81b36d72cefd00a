using System.Globalization;
using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;

namespace Messenger.ChatCore.Messages;

/// <summary>What message fields must satisfy before anything is written.</summary>
public static class MessageRules
{
    public const int ClientMessageIdMaxLength = 64;

    /// <summary>Long enough for any emoji ZWJ sequence, short enough that reactions can't carry text.</summary>
    public const int EmojiMaxLength = 32;

    /// <summary>Text is required unless the message carries attachments (then it is an optional caption).</summary>
    public static DirectoryError? CheckText(string? text, int maxLength, bool hasAttachments = false)
    {
        if (hasAttachments && string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return ChatErrors.Invalid("text", "Message text is required.");
        }

        return text.Length > maxLength
            ? ChatErrors.Invalid("text", $"Message text must be at most {maxLength} characters long.")
            : null;
    }

    public static DirectoryError? CheckClientMessageId(string? clientMessageId)
    {
        if (string.IsNullOrWhiteSpace(clientMessageId))
        {
            return ChatErrors.Invalid("clientMessageId", "A client message id is required; resending with it is idempotent.");
        }

        return clientMessageId.Length > ClientMessageIdMaxLength
            ? ChatErrors.Invalid("clientMessageId", $"Client message id must be at most {ClientMessageIdMaxLength} characters long.")
            : null;
    }

    /// <summary>An emoji: short, no letters, digits or whitespace (so a reaction can't smuggle a message).</summary>
    public static DirectoryError? CheckEmoji(string? emoji)
    {
        if (string.IsNullOrEmpty(emoji) || emoji.Length > EmojiMaxLength)
        {
            return ChatErrors.Invalid("emoji", $"A reaction is one emoji of at most {EmojiMaxLength} characters.");
        }

        foreach (var c in emoji)
        {
            var category = char.GetUnicodeCategory(c);
            if (char.IsLetterOrDigit(c) || char.IsWhiteSpace(c) || category == UnicodeCategory.Control)
            {
                return ChatErrors.Invalid("emoji", "A reaction must be an emoji.");
            }
        }

        return null;
    }

    public static DirectoryError? CheckTitle(string? title, int maxLength)
    {
        var trimmed = title?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return ChatErrors.Invalid("title", "A title is required.");
        }

        return trimmed.Length > maxLength
            ? ChatErrors.Invalid("title", $"Title must be at most {maxLength} characters long.")
            : null;
    }
}
