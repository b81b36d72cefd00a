using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;

namespace Messenger.ChatCore.Bots;

/// <summary>
/// One inline button (Telegram's InlineKeyboardButton): pressing it either sends <see cref="CallbackData"/> to the bot
/// as a callback_query, or opens <see cref="Url"/>. Exactly one of the two is set.
/// </summary>
public sealed record InlineButton(string Text, string? CallbackData = null, string? Url = null);

/// <summary>Rows of inline buttons stored with a message and shown in its JSON as <c>replyMarkup</c>.</summary>
public sealed record InlineKeyboardMarkup(IReadOnlyList<IReadOnlyList<InlineButton>> InlineKeyboard)
{
    /// <summary>The button whose callback data is <paramref name="data"/>, or null.</summary>
    public InlineButton? FindCallback(string data) =>
        InlineKeyboard.SelectMany(row => row).FirstOrDefault(b => string.Equals(b.CallbackData, data, StringComparison.Ordinal));
}

/// <summary>The limits Telegram documents for inline keyboards, checked before a message is stored.</summary>
public static class InlineKeyboardRules
{
    /// <summary>callback_data is 1-64 bytes (Bot API, InlineKeyboardButton).</summary>
    public const int MaxCallbackDataBytes = 64;

    public const int MaxButtonTextLength = 64;

    public const int MaxRows = 8;

    public const int MaxButtonsPerRow = 8;

    public static DirectoryError? Check(InlineKeyboardMarkup? markup)
    {
        if (markup is null)
        {
            return null;
        }

        if (markup.InlineKeyboard is not { Count: > 0 and <= MaxRows } rows)
        {
            return Invalid($"inline_keyboard must have 1-{MaxRows} rows.");
        }

        foreach (var row in rows)
        {
            if (row is not { Count: > 0 and <= MaxButtonsPerRow })
            {
                return Invalid($"Each row must have 1-{MaxButtonsPerRow} buttons.");
            }

            foreach (var button in row)
            {
                if (CheckButton(button) is { } error)
                {
                    return error;
                }
            }
        }

        return null;
    }

    private static DirectoryError? CheckButton(InlineButton? button)
    {
        if (button is null || string.IsNullOrWhiteSpace(button.Text) || button.Text.Length > MaxButtonTextLength)
        {
            return Invalid($"A button needs a text of 1-{MaxButtonTextLength} characters.");
        }

        if (button.CallbackData is null == button.Url is null)
        {
            return Invalid("A button has exactly one of callback_data and url.");
        }

        if (button.CallbackData is { } data
            && (data.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(data) > MaxCallbackDataBytes))
        {
            return Invalid($"callback_data must be 1-{MaxCallbackDataBytes} bytes.");
        }

        if (button.Url is { } url
            && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            return Invalid("A button's url must be an absolute http or https URL.");
        }

        return null;
    }

    private static DirectoryError Invalid(string message) => ChatErrors.Invalid("reply_markup", message);
}
