using System.Net;
using System.Text;
using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Messenger.Signalling.Tests.Api;

/// <summary>
/// Every conversation-scoped REST endpoint and hub method refuses a non-member with "not found" on conversationId,
/// exactly as for a conversation that doesn't exist; and every endpoint needs a token.
/// </summary>
public sealed class ChatAuthorizationTests(ChatAuthorizationTests.Fixture fixture) : IClassFixture<ChatAuthorizationTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public TestHost Host { get; } = new();

        public ChatClient Member { get; private set; } = null!;

        public ChatClient Outsider { get; private set; } = null!;

        public string Group { get; private set; } = "";

        public async Task InitializeAsync()
        {
            await Host.StartAsync();
            Member = await ChatClient.ConnectAsync(Host, await Host.SignUpAsync("member"));
            Outsider = await ChatClient.ConnectAsync(Host, await Host.SignUpAsync("outsider"));
            Group = await Member.CreateAsync("Private", "group");
            await Member.PostJsonAsync($"/api/conversations/{Group}/messages", new { clientMessageId = "m1", text = "secret" });
        }

        public async Task DisposeAsync()
        {
            await Member.DisposeAsync();
            await Outsider.DisposeAsync();
            await Host.DisposeAsync();
        }
    }

    public static TheoryData<string, string, string?> RestCalls => new()
    {
        { "GET", "/api/conversations/{c}", null },
        { "PATCH", "/api/conversations/{c}", "{\"title\":\"mine\"}" },
        { "GET", "/api/conversations/{c}/members", null },
        { "PUT", "/api/conversations/{c}/members/{u}", null },
        { "DELETE", "/api/conversations/{c}/members/{u}", null },
        { "PUT", "/api/conversations/{c}/members/{u}/role", "{\"role\":\"admin\"}" },
        { "POST", "/api/conversations/{c}/join", null },
        { "POST", "/api/conversations/{c}/leave", null },
        { "PUT", "/api/conversations/{c}/pin", "{\"seq\":1}" },
        { "DELETE", "/api/conversations/{c}/pin", null },
        { "POST", "/api/conversations/{c}/read", "{\"seq\":1}" },
        { "POST", "/api/conversations/{c}/delivered", "{\"seq\":1}" },
        { "POST", "/api/conversations/{c}/messages", "{\"clientMessageId\":\"x\",\"text\":\"hi\"}" },
        { "GET", "/api/conversations/{c}/messages", null },
        { "PATCH", "/api/conversations/{c}/messages/2", "{\"text\":\"changed\"}" },
        { "DELETE", "/api/conversations/{c}/messages/2", null },
        { "DELETE", "/api/conversations/{c}/messages/2?forEveryone=true", null },
        { "GET", "/api/conversations/{c}/messages/2/edits", null },
        { "PUT", "/api/conversations/{c}/messages/2/reactions/%F0%9F%91%8D", null },
        { "DELETE", "/api/conversations/{c}/messages/2/reactions/%F0%9F%91%8D", null },
        { "POST", "/api/conversations/{c}/messages/2/forward", "{\"toConversationId\":\"{c}\",\"clientMessageId\":\"f\"}" },
        { "GET", "/api/conversations/{c}/search?q=secret", null },
    };

    private HttpRequestMessage Request(string method, string path, string? body, string conversationId)
    {
        var url = path.Replace("{c}", conversationId, StringComparison.Ordinal).Replace("{u}", fixture.Member.UserId, StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
        {
            request.Content = new StringContent(body.Replace("{c}", conversationId, StringComparison.Ordinal), Encoding.UTF8, "application/json");
        }

        return request;
    }

    [Theory]
    [MemberData(nameof(RestCalls))]
    public async Task Rest_refuses_a_non_member(string method, string path, string? body)
    {
        using var request = Request(method, path, body, fixture.Group);
        await ProblemAssert.IsProblemAsync(await fixture.Outsider.Http.SendAsync(request), HttpStatusCode.NotFound, "conversationId");
    }

    [Theory]
    [MemberData(nameof(RestCalls))]
    public async Task Rest_treats_an_unknown_conversation_the_same(string method, string path, string? body)
    {
        using var request = Request(method, path, body, "doesnotexist");
        await ProblemAssert.IsProblemAsync(await fixture.Member.Http.SendAsync(request), HttpStatusCode.NotFound, "conversationId");
    }

    [Theory]
    [MemberData(nameof(RestCalls))]
    [InlineData("GET", "/api/conversations", null)]
    [InlineData("POST", "/api/conversations", "{\"title\":\"x\"}")]
    [InlineData("GET", "/api/sync", null)]
    [InlineData("GET", "/api/search/messages?q=a", null)]
    [InlineData("GET", "/api/presence/{u}", null)]
    [InlineData("PUT", "/api/presence/visibility", "{\"visibility\":\"nobody\"}")]
    [InlineData("POST", "/api/direct/{u}/messages", "{\"clientMessageId\":\"x\",\"text\":\"hi\"}")]
    [InlineData("POST", "/api/attachments", "{}")]
    [InlineData("GET", "/api/attachments/{c}", null)]
    [InlineData("GET", "/api/attachments/{c}/info", null)]
    public async Task Rest_requires_a_token(string method, string path, string? body)
    {
        using var anonymous = fixture.Host.Client();
        using var request = Request(method, path, body, fixture.Group);
        await ProblemAssert.IsProblemAsync(await anonymous.SendAsync(request), HttpStatusCode.Unauthorized, "authorization");
    }

    public static TheoryData<string, object?[]> HubCalls => new()
    {
        { "Send", [new { conversationId = "{c}", clientMessageId = "h1", text = "hi" }] },
        { "Forward", ["{c}", 2L, "{c}", "h2"] },
        { "Edit", ["{c}", 2L, "changed"] },
        { "Delete", ["{c}", 2L, true] },
        { "React", ["{c}", 2L, "👍", true] },
        { "Pin", ["{c}", 2L] },
        { "MarkRead", ["{c}", 2L] },
        { "MarkDelivered", ["{c}", 2L] },
        { "Typing", ["{c}"] },
        { "History", ["{c}", null, null, 10] },
    };

    [Theory]
    [MemberData(nameof(HubCalls))]
    public async Task Hub_refuses_a_non_member(string method, object?[] args)
    {
        var bound = args.Select(a => a switch
        {
            "{c}" => fixture.Group,
            null => null,
            { } o when o.GetType().Name.Contains("Anonymous", StringComparison.Ordinal) =>
                new Messenger.ChatCore.Messages.SendMessage(fixture.Group, null, "h1", "hi", null),
            _ => a,
        }).ToArray();
        var refused = await Assert.ThrowsAsync<HubException>(() => fixture.Outsider.Hub.InvokeCoreAsync(method, typeof(object), bound));
        Assert.Equal("not_found:conversationId", HubErrorCode(refused));
    }

    [Fact]
    public async Task Nothing_the_outsider_tried_changed_the_conversation()
    {
        var page = await fixture.Member.GetJsonAsync($"/api/conversations/{fixture.Group}/messages");
        var items = page.GetProperty("items");
        Assert.Equal(2, items.GetArrayLength()); // "created" and "secret"
        Assert.Equal("secret", items[1].GetProperty("text").GetString());
        Assert.False(items[1].TryGetProperty("editedAt", out var edited) && edited.ValueKind != System.Text.Json.JsonValueKind.Null);
    }
}
