using System.Text.Json;
using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Messages;

namespace Messenger.ChatCore.Bots;

/// <summary>A bot's sendMessage / sendDocument, already parsed.</summary>
public sealed record BotSend(
    string? ChatId, string? Text, long? ReplyToMessageId, InlineKeyboardMarkup? ReplyMarkup,
    IReadOnlyList<string>? AttachmentIds = null);

/// <summary>A queued press: which bot must answer it, and the callback query id it will answer.</summary>
public sealed record BotPress(string BotId, string CallbackQueryId);

/// <summary>
/// What bots do in chats: post (ordinary messages, with inline buttons), edit their text, and receive presses of their
/// buttons. Signing requests (documents) are <see cref="BotDocuments"/>. A bot acts only in conversations it is a member of; anywhere else it is refused with "forbidden", as
/// Telegram answers 403 to a bot writing to a chat it is not in.
/// </summary>
public sealed class BotMessenger(
    ChatTransactions transactions, MessageService messages, MessageActions actions, UserDirectory directory, IBotStore store,
    TimeProvider clock)
{
    public async Task<Result<BotMessage>> SendAsync(BotRecord bot, BotSend send, CancellationToken cancellationToken)
    {
        if (InlineKeyboardRules.Check(send.ReplyMarkup) is { } invalid)
        {
            return invalid;
        }

        var chat = await ChatOfAsync(bot, send.ChatId, cancellationToken).ConfigureAwait(false);
        if (!chat.IsSuccess)
        {
            return chat.Error!;
        }

        // Each call is a new message: the Bot API has no client message id, so the server makes one.
        var request = new SendMessage(send.ChatId, null, Guid.NewGuid().ToString("N"), send.Text, send.ReplyToMessageId, send.AttachmentIds);
        var sent = await messages.SendAsync(bot.Account.Id, request, send.ReplyMarkup, cancellationToken).ConfigureAwait(false);
        if (!sent.IsSuccess)
        {
            return sent.Error! with { Field = Rename(sent.Error!.Field) };
        }

        return BotMessage.Of(sent.Value!.Message, bot.Account, chat.Value!);
    }

    public async Task<Result<BotMessage>> EditTextAsync(
        BotRecord bot, string? chatId, long messageId, string? text, CancellationToken cancellationToken)
    {
        var chat = await ChatOfAsync(bot, chatId, cancellationToken).ConfigureAwait(false);
        if (!chat.IsSuccess)
        {
            return chat.Error!;
        }

        var edited = await actions.EditAsync(bot.Account.Id, chatId!, messageId, text, cancellationToken).ConfigureAwait(false);
        return edited.IsSuccess
            ? BotMessage.Of(edited.Value!, bot.Account, chat.Value!)
            : edited.Error! with { Field = Rename(edited.Error!.Field) };
    }

    /// <summary>
    /// A user pressed the button carrying <paramref name="data"/> under a bot's message: the bot gets a
    /// callback_query update with a fresh id, recorded together with the press so its answer finds the user.
    /// </summary>
    public async Task<Result<BotPress>> PressAsync(
        string userId, string conversationId, long seq, string? data, CancellationToken cancellationToken)
    {
        var found = await transactions.Store.ReadAsync<Result<(ChatMessage, Conversation)>>(async reader =>
        {
            var access = await ChatTransactions.RequireMemberAsync(reader, conversationId, userId).ConfigureAwait(false);
            if (!access.IsSuccess)
            {
                return access.Error!;
            }

            var message = await reader.FindMessageAsync(conversationId, seq).ConfigureAwait(false);
            return message is { Deleted: false } ? (message, access.Value!.Conversation) : ChatErrors.NoMessage();
        }, cancellationToken).ConfigureAwait(false);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var (pressed, conversation) = found.Value;
        if (data is null || pressed.ReplyMarkup?.FindCallback(data) is null)
        {
            return ChatErrors.Invalid("data", "The message has no button with this callback data.");
        }

        var bot = pressed.SenderId is null ? null : await store.FindAsync(pressed.SenderId, cancellationToken).ConfigureAwait(false);
        var user = await directory.FindAsync(userId, cancellationToken).ConfigureAwait(false);
        if (bot is null || user is null)
        {
            return ChatErrors.Invalid("seq", "The bot behind these buttons is gone.");
        }

        var press = new BotCallback(Guid.NewGuid().ToString("N"), bot.Account.Id, userId, conversationId, seq, data);
        var query = new BotCallbackQuery(press.Id, BotUser.From(user), BotMessage.Of(pressed, bot.Account, BotChat.From(conversation)),
            conversationId, data);
        await store.EnqueueCallbackAsync(press, JsonSerializer.Serialize(query, BotJson.Options), clock.GetUtcNowMs(), cancellationToken)
            .ConfigureAwait(false);
        return new BotPress(bot.Account.Id, press.Id);
    }

    private async Task<Result<BotChat>> ChatOfAsync(BotRecord bot, string? chatId, CancellationToken cancellationToken)
    {
        var access = await transactions.Store.ReadAsync(
            reader => ChatTransactions.RequireMemberAsync(reader, chatId, bot.Account.Id), cancellationToken).ConfigureAwait(false);
        return access.IsSuccess
            ? BotChat.From(access.Value!.Conversation)
            : ChatErrors.Forbidden("chat_id", "The bot is not a member of this chat.");
    }

    /// <summary>Refusals name the Bot API's parameter, not the REST field.</summary>
    private static string Rename(string field) => field switch
    {
        "conversationId" or "toUserId" => "chat_id",
        "replyToSeq" => "reply_to_message_id",
        "attachmentIds" or "attachmentId" => "document",
        "seq" => "message_id",
        _ => field,
    };
}
