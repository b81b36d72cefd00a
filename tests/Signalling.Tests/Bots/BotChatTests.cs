using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Messenger.Signalling.Tests.Infrastructure;

namespace Messenger.Signalling.Tests.Bots;

public sealed class BotChatTests
{
    [Fact]
    public async Task A_bot_in_a_group_hears_it_and_is_refused_in_chats_it_is_not_in()
    {
        await using var host = new TestHost();
        await host.StartAsync();
        await using var alice = await ChatClient.ConnectAsync(host, await host.SignUpAsync("alice"), start: false);
        await using var bob = await ChatClient.ConnectAsync(host, await host.SignUpAsync("bob"), start: false);
        using var bot = await BotKit.CreateAsync(host, alice, "group_bot");

        var withBot = await alice.CreateAsync("Team", "group", bob.UserId, bot.Id);
        var withoutBot = await bob.CreateAsync("Private", "group", alice.UserId);
        await bob.PostJsonAsync($"/api/conversations/{withoutBot}/messages", new { clientMessageId = "x", text = "secret" });
        await bob.PostJsonAsync($"/api/conversations/{withBot}/messages", new { clientMessageId = "y", text = "hi team" });

        var update = Assert.Single(await bot.UpdatesAsync());
        var chat = update.GetProperty("message").GetProperty("chat");
        Assert.Equal(withBot, chat.GetProperty("id").GetString());
        Assert.Equal("group", chat.GetProperty("type").GetString());
        Assert.Equal("Team", chat.GetProperty("title").GetString());
        Assert.Equal("hi team", update.GetProperty("message").GetProperty("text").GetString());

        var refused = await bot.CallAsync("sendMessage", new { chat_id = withoutBot, text = "let me in" });
        BotAssert.IsError(refused, HttpStatusCode.Forbidden);
        Assert.Equal("chat_id", refused.Body.GetProperty("field").GetString());
        var page = await bob.GetJsonAsync($"/api/conversations/{withoutBot}/messages");
        Assert.DoesNotContain(page.GetProperty("items").EnumerateArray(), m => m.GetProperty("senderId").GetString() == bot.Id);

        var posted = await bot.OkAsync("sendMessage", new { chat_id = withBot, text = "hello team" });
        Assert.Equal("hello team", posted.GetProperty("text").GetString());
        var edited = await bot.OkAsync("editMessageText", new { chat_id = withBot, message_id = posted.GetProperty("message_id").GetInt64(), text = "hello, team" });
        Assert.True(edited.TryGetProperty("edit_date", out _));
        var seen = await bob.GetJsonAsync($"/api/conversations/{withBot}/messages");
        Assert.Contains(seen.GetProperty("items").EnumerateArray(), m => m.GetProperty("text").GetString() == "hello, team");

        // A bot edits only its own messages.
        var bobsSeq = update.GetProperty("message").GetProperty("message_id").GetInt64();
        BotAssert.IsError(await bot.CallAsync("editMessageText", new { chat_id = withBot, message_id = bobsSeq, text = "hijack" }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Sending_past_the_per_chat_rate_is_429_with_retry_after_and_writes_nothing()
    {
        await using var host = new TestHost(new Dictionary<string, string?>
        {
            ["Messenger:Bots:ChatBurst"] = "2",
            ["Messenger:Bots:ChatPerSecond"] = "0.01",
        });
        await host.StartAsync();
        await using var alice = await ChatClient.ConnectAsync(host, await host.SignUpAsync("alice"), start: false);
        using var bot = await BotKit.CreateAsync(host, alice, "chatty_bot");
        var chatId = (await alice.PostJsonAsync($"/api/direct/{bot.Id}/messages", new { clientMessageId = "a", text = "talk" }))
            .GetProperty("conversationId").GetString();

        await bot.OkAsync("sendMessage", new { chat_id = chatId, text = "1" });
        await bot.OkAsync("sendMessage", new { chat_id = chatId, text = "2" });
        var limited = await bot.CallAsync("sendMessage", new { chat_id = chatId, text = "3" });

        BotAssert.IsError(limited, HttpStatusCode.TooManyRequests);
        Assert.True(limited.Body.GetProperty("parameters").GetProperty("retry_after").GetInt32() >= 1);
        var page = await alice.GetJsonAsync($"/api/conversations/{chatId}/messages");
        Assert.Equal(3, page.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task SendDocument_without_request_signature_is_an_ordinary_file_message()
    {
        await using var host = new TestHost();
        await host.StartAsync();
        await using var alice = await ChatClient.ConnectAsync(host, await host.SignUpAsync("alice"), start: false);
        using var bot = await BotKit.CreateAsync(host, alice, "file_bot");
        var chatId = (await alice.PostJsonAsync($"/api/direct/{bot.Id}/messages", new { clientMessageId = "a", text = "the file please" }))
            .GetProperty("conversationId").GetString()!;

        var bytes = "%PDF-1.4\n% report\n"u8.ToArray();
        using var form = new MultipartFormDataContent
        {
            { new StringContent(chatId), "chat_id" },
            { new StringContent("Your report"), "caption" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "document", "report.pdf");
        var (status, body) = await bot.CallAsync("sendDocument", form);
        Assert.Equal(HttpStatusCode.OK, status);
        var result = body.GetProperty("result");
        var document = result.GetProperty("document");
        Assert.Equal("report.pdf", document.GetProperty("file_name").GetString());
        Assert.Equal(bytes.Length, document.GetProperty("file_size").GetInt64());
        Assert.Equal("Your report", result.GetProperty("caption").GetString());
        Assert.False(result.TryGetProperty("request_signature", out _));
        Assert.False(document.TryGetProperty("document_id", out _));

        // The user sees an ordinary message (not a document to sign) with the file attached, and can download it.
        var history = await alice.GetJsonAsync($"/api/conversations/{chatId}/messages");
        var message = history.GetProperty("items")[1];
        Assert.Equal("text", message.GetProperty("kind").GetString());
        var attachment = message.GetProperty("attachments")[0];
        Assert.Equal(document.GetProperty("file_id").GetString(), attachment.GetProperty("id").GetString());
        Assert.Equal(bytes, await alice.Http.GetByteArrayAsync($"/api/attachments/{attachment.GetProperty("id").GetString()}"));

        // The same file again by reference.
        var again = await bot.OkAsync("sendDocument", new { chat_id = chatId, document = document.GetProperty("file_id").GetString() });
        Assert.Equal(document.GetProperty("file_id").GetString(), again.GetProperty("document").GetProperty("file_id").GetString());
    }
}
