using Messenger.MediaServer.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;

namespace Messenger.MediaServer.RoomSignalling;

/// <summary>
/// The room signalling hub at <c>/rtc</c> (docs/protocol.md). It authenticates each connection with a room join
/// token (or an access token plus a <c>room</c> query parameter) using the host's public key only, then hands every
/// call to the <see cref="RoomCoordinator"/>.
/// </summary>
public sealed class RoomHub(RoomCoordinator rooms, MediaTokenValidator tokens) : Hub
{
    public const string Path = "/rtc";
    private const string GrantKey = "grant";
    private const string RoomKey = "room";

    public override async Task OnConnectedAsync()
    {
        var http = Context.GetHttpContext();
        var header = http?.Request.Headers.Authorization.ToString() ?? "";
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header[7..].Trim()
            : http?.Request.Query["access_token"].ToString();
        var grant = await tokens.ValidateAsync(token);
        var room = grant?.Room ?? http?.Request.Query["room"].ToString();
        if (grant is null || string.IsNullOrEmpty(room) || !grant.Allows(room, publish: false))
        {
            Context.Abort();
            return;
        }

        Context.Items[GrantKey] = grant;
        Context.Items[RoomKey] = room;
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        // Only Leave leaves at once. A connection that ends without it may be a network drop, and SignalR cannot
        // tell: a WebSocket cut without a close handshake ends as quietly as a clean stop. So the participant waits
        // for a Resume until Media:ReconnectGrace runs out (or its media session closes, e.g. on DTLS close_notify).
        _ = rooms.DetachAsync(Context.ConnectionId);

        await base.OnDisconnectedAsync(exception);
    }

    public Task<JoinResponse> Join(JoinRequest? request) =>
        rooms.JoinAsync(Context.ConnectionId, Grant, (string)Context.Items[RoomKey]!, request ?? new JoinRequest());

    /// <summary>Takes back this user's participant after a dropped connection (see <see cref="ResumeRequest"/>).</summary>
    public Task<JoinResponse> Resume(ResumeRequest request) =>
        rooms.ResumeAsync(Context.ConnectionId, Grant, (string)Context.Items[RoomKey]!, request);

    public Task SetHandRaised(HandRequest request) => rooms.SetHandRaisedAsync(Context.ConnectionId, request.Raised);

    public Task<PublishResponse> Publish(PublishRequest request)
    {
        if (!Grant.CanPublish)
        {
            throw RoomErrors.Error(RoomErrors.Forbidden, "this token may not publish");
        }

        return rooms.PublishAsync(Context.ConnectionId, request);
    }

    public Task Answer(AnswerRequest request) => rooms.AnswerAsync(Context.ConnectionId, request);

    public Task Subscribe(string trackId) => rooms.SubscribeAsync(Context.ConnectionId, trackId, subscribe: true);

    public Task Unsubscribe(string trackId) => rooms.SubscribeAsync(Context.ConnectionId, trackId, subscribe: false);

    public Task SetMuted(MuteRequest request) => rooms.SetMutedAsync(Context.ConnectionId, request);

    public void SetPaused(PauseRequest request) => rooms.SetPaused(Context.ConnectionId, request);

    public void SetPreferredLayer(LayerRequest request) => rooms.SetPreferredLayer(Context.ConnectionId, request);

    public Task Leave() => rooms.LeaveAsync(Context.ConnectionId);

    private MediaGrant Grant => (MediaGrant)Context.Items[GrantKey]!;
}
