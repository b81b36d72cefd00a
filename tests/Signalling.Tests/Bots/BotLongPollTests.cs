using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Messenger.Signalling.Tests.Bots;

public sealed class BotLongPollTests
{
    [Fact]
    public async Task A_user_talks_to_a_long_polling_bot_presses_its_button_and_sees_the_answer()
    {
        await using var host = new TestHost();
        await host.StartAsync();
        await using var alice = await ChatClient.ConnectAsync(host, await host.SignUpAsync("alice"), start: false);
        var answered = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        alice.Hub.On<JsonElement>("CallbackAnswer", answer => answered.TrySetResult(answer));
        await alice.Hub.StartAsync();
        using var bot = await BotKit.CreateAsync(host, alice, "echo_bot");

        var me = await bot.OkAsync("getMe");
        Assert.Equal(bot.Id, me.GetProperty("id").GetString());
        Assert.True(me.GetProperty("is_bot").GetBoolean());
        Assert.Equal("echo_bot", me.GetProperty("username").GetString());

        // A direct chat with the bot starts like any direct chat.
        var sent = await alice.PostJsonAsync($"/api/direct/{bot.Id}/messages", new { clientMessageId = "m1", text = "hello bot" });
        var chatId = sent.GetProperty("conversationId").GetString()!;
        var first = Assert.Single(await bot.UpdatesAsync());
        var message = first.GetProperty("message");
        Assert.Equal("hello bot", message.GetProperty("text").GetString());
        Assert.Equal(chatId, message.GetProperty("chat").GetProperty("id").GetString());
        Assert.Equal("private", message.GetProperty("chat").GetProperty("type").GetString());
        Assert.Equal(alice.UserId, message.GetProperty("from").GetProperty("id").GetString());
        var firstId = first.GetProperty("update_id").GetInt64();

        // The bot replies with inline buttons; the user's device gets them in the ordinary message JSON.
        var reply = await bot.OkAsync("sendMessage", new
        {
            chat_id = chatId,
            text = "Proceed?",
            reply_to_message_id = message.GetProperty("message_id").GetInt64(),
            reply_markup = new { inline_keyboard = new[] { new object[] { new { text = "Yes", callback_data = "yes" }, new { text = "Docs", url = "https://example.org/docs" } } } },
        });
        var seq = reply.GetProperty("message_id").GetInt64();
        Assert.Equal("yes", reply.GetProperty("reply_markup").GetProperty("inline_keyboard")[0][0].GetProperty("callback_data").GetString());
        var pushed = await alice.NextUpdateAsync("message.new", d => d.GetProperty("senderId").GetString() == bot.Id);
        var buttons = pushed.GetProperty("data").GetProperty("replyMarkup").GetProperty("inlineKeyboard")[0];
        Assert.Equal("yes", buttons[0].GetProperty("callbackData").GetString());
        Assert.Equal("https://example.org/docs", buttons[1].GetProperty("url").GetString());
        var history = await alice.GetJsonAsync($"/api/conversations/{chatId}/messages");
        Assert.Equal("Yes", history.GetProperty("items")[1].GetProperty("replyMarkup").GetProperty("inlineKeyboard")[0][0].GetProperty("text").GetString());
        Assert.False(history.GetProperty("items")[0].TryGetProperty("replyMarkup", out _));

        // Pressing data the message has no button for is refused; pressing "yes" reaches the bot.
        var wrong = await alice.Http.PostAsJsonAsync($"/api/conversations/{chatId}/messages/{seq}/callback", new { data = "no" });
        await ProblemAssert.IsProblemAsync(wrong, HttpStatusCode.BadRequest, "data");
        var press = await alice.Http.PostAsJsonAsync($"/api/conversations/{chatId}/messages/{seq}/callback", new { data = "yes" });
        Assert.Equal(HttpStatusCode.Accepted, press.StatusCode);
        var queryId = (await press.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("callbackQueryId").GetString();

        var second = Assert.Single(await bot.UpdatesAsync(firstId + 1));
        var query = second.GetProperty("callback_query");
        Assert.Equal(queryId, query.GetProperty("id").GetString());
        Assert.Equal("yes", query.GetProperty("data").GetString());
        Assert.Equal(alice.UserId, query.GetProperty("from").GetProperty("id").GetString());
        Assert.Equal(seq, query.GetProperty("message").GetProperty("message_id").GetInt64());
        Assert.True(second.GetProperty("update_id").GetInt64() > firstId);

        Assert.True((await bot.OkAsync("answerCallbackQuery", new { callback_query_id = queryId, text = "Done!" })).GetBoolean());
        var answer = await answered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(queryId, answer.GetProperty("callbackQueryId").GetString());
        Assert.Equal("Done!", answer.GetProperty("text").GetString());
        Assert.Equal(seq, answer.GetProperty("seq").GetInt64());
        BotAssert.IsError(await bot.CallAsync("answerCallbackQuery", new { callback_query_id = queryId }), HttpStatusCode.BadRequest);

        // Confirming with offset deletes; nothing is left.
        Assert.Empty((await bot.OkAsync("getUpdates", new { offset = second.GetProperty("update_id").GetInt64() + 1 })).EnumerateArray());
    }

    [Fact]
    public async Task Unconfirmed_updates_survive_a_restart_and_confirmed_ones_do_not_come_back()
    {
        await using var host = new TestHost();
        await host.StartAsync();
        var aliceTokens = await host.SignUpAsync("alice");
        string botId, token;
        long firstId;
        await using (var alice = await ChatClient.ConnectAsync(host, aliceTokens, start: false))
        {
            using var bot = await BotKit.CreateAsync(host, alice, "durable_bot");
            (botId, token) = (bot.Id, bot.Token);
            await alice.PostJsonAsync($"/api/direct/{bot.Id}/messages", new { clientMessageId = "a", text = "one" });
            firstId = Assert.Single(await bot.UpdatesAsync()).GetProperty("update_id").GetInt64();
            Assert.Equal("one", Assert.Single(await bot.UpdatesAsync()).GetProperty("message").GetProperty("text").GetString()); // not confirmed yet
            await alice.PostJsonAsync($"/api/direct/{bot.Id}/messages", new { clientMessageId = "b", text = "two" });
            var two = Assert.Single(await bot.UpdatesAsync(firstId + 1)); // confirms "one", long-polls for "two"
            Assert.Equal("two", two.GetProperty("message").GetProperty("text").GetString());
        }

        await host.StopAsync();
        await host.StartAsync();
        using var again = new BotKit(host, botId, token);
        var left = Assert.Single(await again.UpdatesAsync());
        Assert.Equal("two", left.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal(firstId + 1, left.GetProperty("update_id").GetInt64());
    }
}
