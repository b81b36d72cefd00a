using System.Text.Json;
using Messenger.Signalling.Tests.Infrastructure;

namespace Messenger.Signalling.Tests.Api;

public sealed class ChatOpenApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Theory]
    [InlineData("/api/conversations", "get")]
    [InlineData("/api/conversations", "post")]
    [InlineData("/api/conversations/{conversationId}/messages", "post")]
    [InlineData("/api/conversations/{conversationId}/messages/{seq}", "patch")]
    [InlineData("/api/conversations/{conversationId}/messages/{seq}/reactions/{emoji}", "put")]
    [InlineData("/api/direct/{userId}/messages", "post")]
    [InlineData("/api/sync", "get")]
    [InlineData("/api/search/messages", "get")]
    [InlineData("/api/presence/visibility", "put")]
    [InlineData("/api/attachments", "post")]
    public async Task Chat_endpoints_are_described(string path, string method)
    {
        using var client = fixture.Host.Client();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        Assert.True(document.GetProperty("paths").GetProperty(path).TryGetProperty(method, out _), $"{method} {path}");
    }
}
