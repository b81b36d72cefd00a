using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Messenger.Signalling.Tests.Infrastructure;

namespace Messenger.Signalling.Tests.Bots;

public sealed class BotAccountTests
{
    [Fact]
    public async Task The_token_is_shown_once_stored_as_a_hash_and_rotation_retires_it()
    {
        await using var host = new TestHost();
        await host.StartAsync();
        await using var owner = await ChatClient.ConnectAsync(host, await host.SignUpAsync("owner"), start: false);
        await using var stranger = await ChatClient.ConnectAsync(host, await host.SignUpAsync("stranger"), start: false);
        using var bot = await BotKit.CreateAsync(host, owner, "shop_bot");
        Assert.StartsWith(bot.Id + ":", bot.Token, StringComparison.Ordinal);

        var listed = Assert.Single((await owner.GetJsonAsync("/api/bots")).EnumerateArray());
        Assert.Equal(bot.Id, listed.GetProperty("id").GetString());
        Assert.DoesNotContain(bot.Token, listed.GetRawText(), StringComparison.Ordinal);
        Assert.Empty((await stranger.GetJsonAsync("/api/bots")).EnumerateArray());

        // The database keeps only the SHA-256 of the token.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(host.DataPath, "messenger.db")}"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT token_hash FROM bots;";
            var stored = (string)(await command.ExecuteScalarAsync())!;
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(bot.Token))), stored);
        }

        // A profile lookup marks the account as a bot; a bot cannot sign in with a password.
        var profile = await owner.GetJsonAsync($"/api/users/{bot.Id}");
        Assert.True(profile.GetProperty("isBot").GetBoolean());
        using (var anonymous = host.Client())
        {
            var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "shop_bot", password = "!", deviceName = "x" });
            Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        }

        await ProblemAssert.IsProblemAsync(await stranger.Http.PostAsync($"/api/bots/{bot.Id}/token", null), HttpStatusCode.NotFound, "botId");
        var rotated = await owner.PostJsonAsync($"/api/bots/{bot.Id}/token", new { });
        var newToken = rotated.GetProperty("token").GetString()!;
        Assert.NotEqual(bot.Token, newToken);
        BotAssert.IsError(await bot.CallAsync("getMe"), HttpStatusCode.Unauthorized);
        using var renewed = new BotKit(host, bot.Id, newToken);
        Assert.Equal(bot.Id, (await renewed.OkAsync("getMe")).GetProperty("id").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await owner.Http.DeleteAsync($"/api/bots/{bot.Id}")).StatusCode);
        BotAssert.IsError(await renewed.CallAsync("getMe"), HttpStatusCode.Unauthorized);
        Assert.Empty((await owner.GetJsonAsync("/api/bots")).EnumerateArray());
    }

    [Theory]
    [InlineData("{\"username\":\"plainname\",\"displayName\":\"X\"}", "username")]
    [InlineData("{\"username\":\"ok_bot\",\"displayName\":\"\"}", "displayName")]
    public async Task Bad_bot_requests_are_problems_naming_the_field(string json, string field)
    {
        await using var host = new TestHost();
        await host.StartAsync();
        await using var owner = await ChatClient.ConnectAsync(host, await host.SignUpAsync("owner"), start: false);
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        await ProblemAssert.IsProblemAsync(await owner.Http.PostAsync("/api/bots", content), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Unknown_tokens_and_methods_get_telegram_shaped_errors()
    {
        await using var host = new TestHost();
        await host.StartAsync();
        await using var owner = await ChatClient.ConnectAsync(host, await host.SignUpAsync("owner"), start: false);
        using var bot = await BotKit.CreateAsync(host, owner, "err_bot");
        using var forged = new BotKit(host, bot.Id, bot.Id + ":not-the-secret");

        BotAssert.IsError(await forged.CallAsync("getMe"), HttpStatusCode.Unauthorized);
        BotAssert.IsError(await bot.CallAsync("noSuchMethod"), HttpStatusCode.NotFound);
        var missing = await bot.CallAsync("sendMessage", new { text = "x" });
        BotAssert.IsError(missing, HttpStatusCode.BadRequest);
        Assert.Equal("chat_id", missing.Body.GetProperty("field").GetString());

        // GET with query parameters works as in Telegram.
        using var http = host.Client();
        var viaGet = await http.GetFromJsonAsync<JsonElement>($"/bot{bot.Token}/getMe");
        Assert.True(viaGet.GetProperty("ok").GetBoolean());
    }
}
