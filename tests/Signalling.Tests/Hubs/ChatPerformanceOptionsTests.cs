using System.Net;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Storage.Sqlite;
using Messenger.ChatCore.Sync;
using Messenger.Signalling.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Messenger.Signalling.Tests.Hubs;

/// <summary>
/// The opt-in performance settings (docs/performance.md, chat): Messenger:InlineSocketScheduling and
/// Messenger:SqliteSynchronous=Normal reach Kestrel and SQLite, and the chat behaves the same with them.
/// </summary>
public sealed class ChatPerformanceOptionsTests
{
    [Fact]
    public async Task Defaults_stay_safe()
    {
        await using var host = new TestHost();
        await host.StartAsync();

        Assert.False(host.Services.GetRequiredService<SqliteDatabase>().SynchronousNormal);
        Assert.False(host.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling);
    }

    [Fact]
    public async Task With_both_options_a_group_still_delivers_and_a_removed_member_is_cut_off()
    {
        await using var host = new TestHost(new Dictionary<string, string?>
        {
            ["Messenger:InlineSocketScheduling"] = "true",
            ["Messenger:SqliteSynchronous"] = "Normal",
        });
        await host.StartAsync();
        Assert.True(host.Services.GetRequiredService<SqliteDatabase>().SynchronousNormal);
        Assert.True(host.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling);

        await using var owner = await ChatClient.ConnectAsync(host, await host.SignUpAsync("owner"));
        await using var bob = await ChatClient.ConnectAsync(host, await host.SignUpAsync("bob"));
        var group = await owner.CreateAsync("Team", "group", bob.UserId);
        await bob.NextUpdateAsync(UpdateKinds.ConversationAdded);

        var sent = await owner.Hub.InvokeAsync<SendOutcome>("Send", new SendMessage(group, null, "m1", "hello", null));
        var again = await owner.Hub.InvokeAsync<SendOutcome>("Send", new SendMessage(group, null, "m1", "hello", null));
        var received = await bob.NextUpdateAsync(UpdateKinds.MessageNew, d => d.GetProperty("text").GetString() == "hello");
        Assert.Equal(sent.Message.Seq, received.GetProperty("data").GetProperty("seq").GetInt64());
        Assert.False(again.Created);
        // Lists inside the record don't compare by value after a round trip, so the identifying fields do.
        Assert.Equal((sent.Message.ConversationId, sent.Message.Seq, sent.Message.Text, sent.Message.ClientMessageId),
            (again.Message.ConversationId, again.Message.Seq, again.Message.Text, again.Message.ClientMessageId));

        Assert.Equal(HttpStatusCode.NoContent, (await owner.Http.DeleteAsync($"/api/conversations/{group}/members/{bob.UserId}")).StatusCode);
        await bob.NextUpdateAsync(UpdateKinds.ConversationRemoved);
        var refused = await Assert.ThrowsAsync<HubException>(() =>
            bob.Hub.InvokeAsync<SendOutcome>("Send", new SendMessage(group, null, "b1", "still here?", null)));
        Assert.Equal("not_found:conversationId", HubErrorParsing.HubErrorCode(refused));

        // After the removal the owner's next message is not pushed to Bob: the marker after it shows he got nothing.
        await owner.Hub.InvokeAsync<SendOutcome>("Send", new SendMessage(group, null, "m2", "after", null));
        var direct = await owner.Hub.InvokeAsync<SendOutcome>("Send", new SendMessage(null, bob.UserId, "m3", "marker", null));
        await bob.NextUpdateAsync(UpdateKinds.MessageNew, d => d.GetProperty("text").GetString() == "marker");
        Assert.Equal(0, bob.CountSeen("Update", u => u.GetProperty("kind").GetString() == UpdateKinds.MessageNew
            && u.GetProperty("data").GetProperty("text").GetString() == "after"));
        Assert.True(direct.Created);
    }
}
