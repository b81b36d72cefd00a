using System.Text.Json;
using Messenger.ChatCore.Messages;
using Messenger.Signalling.Calls;
using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Messenger.Signalling.Tests.Calls;

/// <summary>A host for call tests: TURN configured, and ring/reconnect timers chosen by the fixture.</summary>
public class CallHostFixture : IAsyncLifetime
{
    public const string TurnSecret = "test-turn-secret";

    public CallHostFixture()
        : this("00:01:00", "00:01:00")
    {
    }

    protected CallHostFixture(string ringTimeout, string reconnectGrace) => Host = new(new Dictionary<string, string?>
    {
        ["Messenger:Calls:RingTimeout"] = ringTimeout,
        ["Messenger:Calls:ReconnectGrace"] = reconnectGrace,
        ["Messenger:Turn:Urls:0"] = "turn:127.0.0.1:3478?transport=udp",
        ["Messenger:Turn:Secret"] = TurnSecret,
        ["Messenger:Turn:Ttl"] = "01:00:00",
    });

    public TestHost Host { get; }

    public Task InitializeAsync() => Host.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Timers short enough that ringing times out and dropped devices are hung up within a test.</summary>
public sealed class ShortTimerHostFixture : CallHostFixture
{
    public ShortTimerHostFixture()
        : base("00:00:00.300", "00:00:00.300")
    {
    }
}

internal static class CallTestKit
{
    public static async Task<ChatClient> UserAsync(TestHost host, string name, string device = "test")
    {
        var tokens = await host.SignUpAsync(name + Guid.NewGuid().ToString("N")[..8], device: device);
        return await ChatClient.ConnectAsync(host, tokens);
    }

    public static async Task<ChatClient> SecondDeviceAsync(TestHost host, ChatClient first, string device)
    {
        var me = await first.GetJsonAsync("/api/users/me");
        return await ChatClient.ConnectAsync(host, await host.LoginAsync(me.GetProperty("username").GetString()!, device: device));
    }

    /// <summary>The direct conversation between two users, made by a first message.</summary>
    public static async Task<string> DirectAsync(ChatClient from, ChatClient to)
    {
        var sent = await from.Hub.InvokeAsync<SendOutcome>("Send",
            new SendMessage(null, to.UserId, Guid.NewGuid().ToString("N"), "hi", null));
        return sent.Message.ConversationId;
    }

    public static Task<CallStart> StartAsync(ChatClient caller, string conversationId, bool video = true) =>
        caller.Hub.InvokeAsync<CallStart>("StartCall", conversationId, video);

    public static Func<JsonElement, bool> ForCall(string callId) =>
        payload => payload.GetProperty("callId").GetString() == callId;

    /// <summary>The call's record in the conversation, as a device receives it (a system message.new update).</summary>
    public static Task<JsonElement> RecordAsync(ChatClient client, string callId) =>
        client.SeenAsync("Update", update =>
            update.GetProperty("kind").GetString() == "message.new"
            && update.GetProperty("data").TryGetProperty("system", out var system)
            && system.ValueKind == JsonValueKind.Object
            && system.GetProperty("type").GetString() == SystemEvents.CallEnded
            && system.GetProperty("callId").GetString() == callId);

    public static JsonElement SystemOf(JsonElement update) => update.GetProperty("data").GetProperty("system");
}
