using Messenger.ChatCore.Bots;

namespace Messenger.ChatCore.Tests.Bots;

public sealed class InlineKeyboardRulesTests
{
    public static TheoryData<string, InlineButton, bool> Buttons => new()
    {
        { "callback", new InlineButton("Yes", CallbackData: "yes"), true },
        { "url", new InlineButton("Site", Url: "https://example.org/x"), true },
        { "both", new InlineButton("Both", CallbackData: "x", Url: "https://example.org"), false },
        { "neither", new InlineButton("None"), false },
        { "empty text", new InlineButton(" ", CallbackData: "x"), false },
        { "65 byte data", new InlineButton("Big", CallbackData: new string('d', 65)), false },
        { "64 byte data", new InlineButton("Max", CallbackData: new string('d', 64)), true },
        { "multibyte data over 64 bytes", new InlineButton("Ü", CallbackData: new string('ü', 33)), false },
        { "javascript url", new InlineButton("Bad", Url: "javascript:alert(1)"), false },
        { "relative url", new InlineButton("Bad", Url: "/path"), false },
    };

    [Theory]
    [MemberData(nameof(Buttons))]
    public void Buttons_follow_the_bot_api_limits(string name, InlineButton button, bool valid)
    {
        var error = InlineKeyboardRules.Check(new InlineKeyboardMarkup([[button]]));
        Assert.True(valid == (error is null), name);
        if (error is not null)
        {
            Assert.Equal("reply_markup", error.Field);
        }
    }

    [Fact]
    public void A_keyboard_needs_rows_and_rows_need_buttons()
    {
        Assert.NotNull(InlineKeyboardRules.Check(new InlineKeyboardMarkup([])));
        Assert.NotNull(InlineKeyboardRules.Check(new InlineKeyboardMarkup([[]])));
        Assert.NotNull(InlineKeyboardRules.Check(new InlineKeyboardMarkup(
            Enumerable.Range(0, 9).Select(i => (IReadOnlyList<InlineButton>)[new InlineButton("b", $"{i}")]).ToList())));
        Assert.Null(InlineKeyboardRules.Check(null));
    }

    [Fact]
    public void A_press_finds_its_button_by_exact_callback_data()
    {
        var markup = new InlineKeyboardMarkup([[new InlineButton("A", "a"), new InlineButton("Link", Url: "https://example.org")], [new InlineButton("B", "b")]]);
        Assert.Equal("B", markup.FindCallback("b")?.Text);
        Assert.Null(markup.FindCallback("B"));
        Assert.Null(markup.FindCallback("https://example.org"));
    }
}
