using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Messenger.Signalling.Bots;
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
    public async Task SendDocument_uploads_a_file_as_an_ordinary_attachment_and_signature_updates_reach_the_requesting_bot()
    {
        await using var host = new TestHost();
        await host.StartAsync();
        await using var alice = await ChatClient.ConnectAsync(host, await host.SignUpAsync("alice"), start: false);
        using var bot = await BotKit.CreateAsync(host, alice, "sign_bot");
        var chatId = (await alice.PostJsonAsync($"/api/direct/{bot.Id}/messages", new { clientMessageId = "a", text = "contract please" }))
            .GetProperty("conversationId").GetString()!;
        var firstId = Assert.Single(await bot.UpdatesAsync()).GetProperty("update_id").GetInt64();

        var bytes = "%PDF-1.4\n% contract\n"u8.ToArray();
        using var form = new MultipartFormDataContent
        {
            { new StringContent(chatId), "chat_id" },
            { new StringContent("Please sign"), "caption" },
            { new StringContent("true"), "request_signature" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "document", "contract.pdf");
        var (status, body) = await bot.CallAsync("sendDocument", form);
        Assert.Equal(HttpStatusCode.OK, status);
        var result = body.GetProperty("result");
        var document = result.GetProperty("document");
        Assert.Equal("contract.pdf", document.GetProperty("file_name").GetString());
        Assert.Equal(bytes.Length, document.GetProperty("file_size").GetInt64());
        Assert.Equal("Please sign", result.GetProperty("caption").GetString());
        Assert.True(result.GetProperty("request_signature").GetBoolean());
        var seq = result.GetProperty("message_id").GetInt64();

        // The user sees an ordinary message with the file attached and can download it.
        var history = await alice.GetJsonAsync($"/api/conversations/{chatId}/messages");
        var attachment = history.GetProperty("items")[1].GetProperty("attachments")[0];
        Assert.Equal(document.GetProperty("file_id").GetString(), attachment.GetProperty("id").GetString());
        Assert.Equal(bytes, await alice.Http.GetByteArrayAsync($"/api/attachments/{attachment.GetProperty("id").GetString()}"));

        // The same file again by reference, without request_signature.
        var again = await bot.OkAsync("sendDocument", new { chat_id = chatId, document = document.GetProperty("file_id").GetString() });
        Assert.Equal(document.GetProperty("file_id").GetString(), again.GetProperty("document").GetProperty("file_id").GetString());
        Assert.False(again.TryGetProperty("request_signature", out _));

        // What the document kind will call when a user signs: only the message with request_signature qualifies.
        var queue = host.Services.GetRequiredService<BotUpdateQueue>();
        var cms = Convert.ToBase64String("not a real CMS blob, opaque to the queue"u8);
        Assert.False(await queue.EnqueueSignatureUpdateAsync(chatId, again.GetProperty("message_id").GetInt64(), null, alice.UserId, cms,
            SignatureStatuses.Signed, CancellationToken.None));
        Assert.True(await queue.EnqueueSignatureUpdateAsync(chatId, seq, "doc-1", alice.UserId, cms, SignatureStatuses.Signed, CancellationToken.None));
        var signature = Assert.Single(await bot.UpdatesAsync(firstId + 1)).GetProperty("signature");
        Assert.Equal(seq, signature.GetProperty("message_id").GetInt64());
        Assert.Equal("doc-1", signature.GetProperty("document_id").GetString());
        Assert.Equal(alice.UserId, signature.GetProperty("signer").GetProperty("id").GetString());
        Assert.Equal(cms, signature.GetProperty("signature").GetString());
        Assert.Equal("signed", signature.GetProperty("status").GetString());
        Assert.Equal(chatId, signature.GetProperty("chat").GetProperty("id").GetString());
    }
}
