using Messenger.Signalling.Tests.Bots;
using Messenger.Signalling.Tests.Identity;
using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Messenger.Signalling.Tests.Web;

/// <summary>
/// The web client's parts of issue #7, in Chromium against a host with a real OpenID Connect provider on loopback:
/// signing in through the provider shows the verified badge; a document sent from the composer is signed in the
/// other person's browser and both see the signature's status; a bot's inline button press is answered.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WebServicesTests(IdentityFixture identity, Chromium chromium)
    : IClassFixture<IdentityFixture>, IClassFixture<Chromium>
{
    private TestHost Host => identity.Host;

    [Fact]
    public async Task Signing_in_through_the_identity_provider_shows_the_verified_badge_to_others()
    {
        // The provider's test person is Ivan Ivanov; its "Gosuslugi" provider signs the client secret with GOST.
        var ivan = await WebClientPage.OpenAsync(chromium, Host, "unused");
        var button = ivan.Page.Locator("#identity-providers button[data-provider='esia']");
        await WebClientPage.ExpectTextAsync(button, "Sign in with Gosuslugi");
        await button.ClickAsync();
        await WebClientPage.ExpectVisibleAsync(ivan.Page.Locator("#app"));
        await WebClientPage.ExpectVisibleAsync(ivan.Page.Locator("#me-name .badge-verified"));
        await WebClientPage.ExpectTextAsync(ivan.Page.Locator("#me-name"), "Ivanov Ivan Ivanovich ✔");
        Assert.DoesNotContain("#identity_code", ivan.Page.Url, StringComparison.Ordinal);

        // Someone else finds him in search with the badge, and sees it in the chat header.
        var zoe = await WebClientPage.OpenAsync(chromium, Host, "zoe");
        await zoe.FillRegistrationAsync("Zoe");
        await zoe.SubmitAuthAsync();
        await zoe.Page.FillAsync("#search", "Ivanov");
        var person = zoe.Page.Locator(".person", new PageLocatorOptions { HasTextString = "Ivanov Ivan" });
        await WebClientPage.ExpectVisibleAsync(person.Locator(".badge-verified"));
        await person.Locator(".start-chat").ClickAsync();
        await WebClientPage.ExpectVisibleAsync(zoe.Page.Locator("#chat-title .badge-verified"));
        // Zoe has no badge, so she is offered to verify herself.
        var verify = zoe.Page.Locator("#identity-link button[data-provider='plain']");
        await WebClientPage.ExpectTextAsync(verify, "Verify with Plain OpenID Connect");
        await ivan.ScreenshotAsync("verified-badge");

        // She does: the provider vouches for her and her own account (same username) gets the badge.
        identity.Provider.NextUser = new ProviderUser("subject-zoe", "Zoe", "Adams", "", "1994-02-03", true);
        await verify.ClickAsync();
        await WebClientPage.ExpectVisibleAsync(zoe.Page.Locator("#me-name .badge-verified"));
        await WebClientPage.ExpectTextAsync(zoe.Page.Locator("#me-name"), "Zoe ✔");
        Assert.Equal(0, await zoe.Page.Locator("#identity-link button").CountAsync());
    }

    [Fact]
    public async Task A_document_is_signed_in_the_browser_and_a_bot_button_press_is_answered()
    {
        var aliceTokens = await Host.SignUpAsync("amelia");
        var bobTokens = await Host.SignUpAsync("boris");
        await using var alice = await ChatClient.ConnectAsync(Host, aliceTokens);
        await using var bob = await ChatClient.ConnectAsync(Host, bobTokens);
        await alice.PostJsonAsync($"/api/direct/{bob.UserId}/messages", new { clientMessageId = "hi", text = "Lease for you" });

        var amelia = await WebClientPage.OpenAsync(chromium, Host, "amelia");
        var boris = await WebClientPage.OpenAsync(chromium, Host, "boris");
        await amelia.SignInAsync("correct horse");
        await boris.SignInAsync("correct horse");

        // Amelia sends a file as a document from the composer (📄), titled by what she typed.
        await amelia.Conversation("boris").ClickAsync();
        var lease = Path.Combine(Path.GetTempPath(), $"lease-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(lease, "Lease agreement: flat 12, from 1 December.");
        await amelia.Page.FillAsync("#composer-input", "Lease agreement");
        await amelia.Page.SetInputFilesAsync("#document-file", lease);
        await WebClientPage.ExpectVisibleAsync(amelia.Page.Locator(".document .doc-title", new PageLocatorOptions { HasTextString = "Lease agreement" }));

        // Boris signs it with a new server-held GOST key: both see the signature with his name. Nobody configured
        // his self-signed certificate as a trusted root, so it is intact but untrusted.
        await boris.Conversation("amelia").ClickAsync();
        var card = boris.Page.Locator(".document", new PageLocatorOptions { HasTextString = "Lease agreement" });
        await card.Locator(".doc-sign").ClickAsync();
        await card.Locator(".sign-key").SelectOptionAsync("");
        await card.Locator(".sign-algorithm").SelectOptionAsync("gost2012-256");
        await card.Locator(".sign-confirm").ClickAsync();
        foreach (var side in new[] { boris, amelia })
        {
            var signature = side.Page.Locator(".document .signature");
            await WebClientPage.ExpectTextAsync(signature, "⚠ untrusted — boris (gost2012-256)");
            await WebClientPage.ExpectAttributeAsync(signature, "data-status", "untrusted");
        }
        Assert.Equal(0, await card.Locator(".doc-sign").CountAsync()); // signed once: no second Sign button
        await boris.ScreenshotAsync("document-signed");

        // A bot of Amelia's service answers Boris with a button; his press reaches the bot and its answer shows.
        using var bot = await BotKit.CreateAsync(Host, alice, "leasebot");
        await bob.PostJsonAsync($"/api/direct/{bot.Id}/messages", new { clientMessageId = "start", text = "/start" });
        var first = Assert.Single(await bot.UpdatesAsync());
        var chatId = first.GetProperty("message").GetProperty("chat").GetProperty("id").GetString();
        await bot.OkAsync("sendMessage", new
        {
            chat_id = chatId,
            text = "Confirm the viewing on Friday?",
            reply_markup = new { inline_keyboard = new[] { new[] { new { text = "Confirm", callback_data = "confirm" } } } },
        });
        await boris.Conversation("leasebot").ClickAsync();
        await WebClientPage.ExpectVisibleAsync(boris.Page.Locator("#chat-title .badge-bot"));
        var confirm = boris.Page.Locator(".inline-button", new PageLocatorOptions { HasTextString = "Confirm" });
        await confirm.ClickAsync();
        var press = Assert.Single(await bot.UpdatesAsync(first.GetProperty("update_id").GetInt64() + 1));
        var query = press.GetProperty("callback_query");
        Assert.Equal("confirm", query.GetProperty("data").GetString());
        await bot.OkAsync("answerCallbackQuery", new { callback_query_id = query.GetProperty("id").GetString(), text = "See you on Friday" });
        await WebClientPage.ExpectTextAsync(boris.Page.Locator("#toast"), "See you on Friday");
        await boris.ScreenshotAsync("bot-buttons");
    }
}
