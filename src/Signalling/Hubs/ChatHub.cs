using Messenger.Signalling.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Messenger.Signalling.Hubs;

/// <summary>What a connection learns about itself from <see cref="ChatHub.WhoAmI"/>.</summary>
public sealed record ConnectionIdentity(string UserId, string DeviceId, string Username);

/// <summary>
/// The chat hub at <c>/hub</c>. Connections are authenticated with the access token and grouped per user, so later
/// chat events can reach every device of a user. Chat methods arrive with the chat-core issue (#5).
/// </summary>
[Authorize]
public sealed class ChatHub(ConnectionRegistry registry) : Hub
{
    public static string UserGroup(string userId) => "user:" + userId;

    public override async Task OnConnectedAsync()
    {
        registry.Add(Context.User!.DeviceId(), Context);
        await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(Context.User!.UserId())).ConfigureAwait(false);
        await base.OnConnectedAsync().ConfigureAwait(false);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        registry.Remove(Context.User!.DeviceId(), Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    public ConnectionIdentity WhoAmI() =>
        new(Context.User!.UserId(), Context.User!.DeviceId(), Context.User!.Identity?.Name ?? "");
}
