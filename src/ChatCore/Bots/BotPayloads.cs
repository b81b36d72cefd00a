using System.Text.Json;
using System.Text.Json.Serialization;
using Messenger.ChatCore.Attachments;
using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Documents;
using Messenger.ChatCore.Messages;

namespace Messenger.ChatCore.Bots;

/// <summary>Telegram's User object, as bots see people (and other bots).</summary>
public sealed record BotUser(string Id, bool IsBot, string FirstName, string Username)
{
    public static BotUser From(UserAccount account) => new(account.Id, account.IsBot, account.DisplayName, account.Username);
}

/// <summary>Telegram's Chat object; <see cref="Id"/> is our conversation id and <see cref="Type"/> private, group or channel.</summary>
public sealed record BotChat(string Id, string Type, string? Title)
{
    public static BotChat From(Conversation conversation) => new(
        conversation.Id,
        conversation.Kind switch
        {
            ConversationKind.Direct => "private",
            ConversationKind.Channel => "channel",
            _ => "group",
        },
        conversation.Kind == ConversationKind.Direct ? null : conversation.Title);
}

/// <summary>
/// Telegram's Document object; <see cref="FileId"/> is our attachment id (GET /api/attachments/{id} as the bot). On a
/// document message (one that can be signed, docs/signatures.md) it also carries ours: the document's id, title,
/// version, the version it supersedes and whether signatures were asked for; on a plain file these are left out.
/// </summary>
public sealed record BotDocument(
    string FileId, string? FileName, string MimeType, long FileSize, string? DocumentId = null, string? Title = null,
    int? Version = null, string? Supersedes = null, bool? SignatureRequested = null)
{
    public static BotDocument Of(Attachment file, DocumentInfo? document) => new(
        file.Id, file.FileName.Length == 0 ? null : file.FileName, file.ContentType, file.Size,
        document?.Id, document?.Title, document?.Version, document?.Supersedes, document?.SignatureRequested);
}

/// <summary>
/// Telegram's Message object. <see cref="MessageId"/> is the message's seq in its chat; <see cref="Date"/> is Unix
/// seconds. <see cref="RequestSignature"/> is ours: true on a document whose sender asked for signatures.
/// </summary>
public sealed record BotMessage(
    long MessageId,
    BotUser? From,
    BotChat Chat,
    long Date,
    string? Text,
    string? Caption,
    BotDocument? Document,
    long? ReplyToMessageId,
    long? EditDate,
    InlineKeyboardMarkup? ReplyMarkup,
    bool? RequestSignature = null)
{
    public static BotMessage Of(ChatMessage message, UserAccount? sender, BotChat chat)
    {
        var file = message.Attachments.Count > 0 ? message.Attachments[0] : null;
        return new BotMessage(
            message.Seq,
            sender is null ? null : BotUser.From(sender),
            chat,
            message.SentAt.ToUnixTimeSeconds(),
            file is null ? message.Text : null,
            file is null || message.Text.Length == 0 ? null : message.Text,
            file is null ? null : BotDocument.Of(file, message.Document),
            message.ReplyToSeq,
            message.EditedAt?.ToUnixTimeSeconds(),
            message.ReplyMarkup,
            message.Document?.SignatureRequested == true ? true : null);
    }
}

/// <summary>Telegram's CallbackQuery: a user pressed an inline button under one of the bot's messages.</summary>
public sealed record BotCallbackQuery(string Id, BotUser From, BotMessage Message, string ChatInstance, string Data);

/// <summary>The kinds of update a bot receives; each is the name of the field that carries it, as in Telegram.</summary>
public static class BotUpdateKinds
{
    public const string Message = "message";
    public const string CallbackQuery = "callback_query";
    public const string Signature = "signature";
}

/// <summary>The Bot API's JSON: snake_case names and no nulls, as Telegram writes it.</summary>
public static class BotJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
