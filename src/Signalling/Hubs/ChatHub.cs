using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Presence;
using Messenger.ChatCore.Receipts;
using Messenger.ChatCore.Sync;
using Messenger.Signalling.Auth;
using Messenger.Signalling.Calls;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Messenger.Signalling.Hubs;

/// <summary>What a connection learns about itself from <see cref="ChatHub.WhoAmI"/>.</summary>
public sealed record ConnectionIdentity(string UserId, string DeviceId, string Username);

/// <summary>Someone is typing in a conversation; never stored.</summary>
public sealed record TypingEvent(string ConversationId, string UserId);

/// <summary>
/// The chat hub at <c>/hub</c>. Connections are authenticated with the access token and grouped per user
/// ("user:{id}", all of a user's devices) and per conversation ("conv:{id}"). Methods refuse with a HubException whose
/// message starts with a code (see <see cref="HubErrors"/>); events are "Update", "Typing" and "Presence".
/// </summary>
[Authorize]
public sealed class ChatHub(ConnectionRegistry registry, ChatConnections connections, ChatHubServices chat, CallService calls) : Hub
{
    public const string TypingEvent = "Typing";
    public const string PresenceEvent = "Presence";

    public static string UserGroup(string userId) => "user:" + userId;

    public static string ConversationGroup(string conversationId) => "conv:" + conversationId;

    private string UserId => Context.User!.UserId();

    public override async Task OnConnectedAsync()
    {
        registry.Add(Context.User!.DeviceId(), Context);
        await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(UserId)).ConfigureAwait(false);
        // Registered before listing, so a conversation joined meanwhile is added by the publisher instead.
        connections.Add(UserId, Context.ConnectionId);
        foreach (var conversationId in await chat.Sync.ConversationIdsAsync(UserId, Context.ConnectionAborted).ConfigureAwait(false))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, ConversationGroup(conversationId)).ConfigureAwait(false);
        }

        if (chat.Presence.Connected(UserId))
        {
            await TellPresenceAsync(UserId).ConfigureAwait(false);
        }

        await base.OnConnectedAsync().ConfigureAwait(false);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        registry.Remove(Context.User!.DeviceId(), Context.ConnectionId);
        connections.Remove(UserId, Context.ConnectionId);
        calls.DeviceDisconnected(UserId, Context.User!.DeviceId());
        if (await chat.Presence.DisconnectedAsync(UserId, CancellationToken.None).ConfigureAwait(false))
        {
            await TellPresenceAsync(UserId).ConfigureAwait(false);
        }

        await base.OnDisconnectedAsync(exception).ConfigureAwait(false);
    }

    public ConnectionIdentity WhoAmI() =>
        new(Context.User!.UserId(), Context.User!.DeviceId(), Context.User!.Identity?.Name ?? "");

    public async Task<SendOutcome> Send(SendMessage request)
    {
        ThrowIfFlooding();
        return HubErrors.Unwrap(await chat.Messages.SendAsync(UserId, request, Context.ConnectionAborted).ConfigureAwait(false));
    }

    public async Task<SendOutcome> Forward(string fromConversationId, long seq, string toConversationId, string clientMessageId)
    {
        ThrowIfFlooding();
        return HubErrors.Unwrap(await chat.Messages.ForwardAsync(
            UserId, fromConversationId, seq, toConversationId, clientMessageId, Context.ConnectionAborted).ConfigureAwait(false));
    }

    public async Task<ChatMessage> Edit(string conversationId, long seq, string text) =>
        HubErrors.Unwrap(await chat.Actions.EditAsync(UserId, conversationId, seq, text, Context.ConnectionAborted).ConfigureAwait(false));

    public async Task<bool> Delete(string conversationId, long seq, bool forEveryone) =>
        HubErrors.Unwrap(await chat.Actions.DeleteAsync(UserId, conversationId, seq, forEveryone, Context.ConnectionAborted).ConfigureAwait(false));

    public async Task<bool> React(string conversationId, long seq, string emoji, bool add) =>
        HubErrors.Unwrap(await chat.Actions.ReactAsync(UserId, conversationId, seq, emoji, add, Context.ConnectionAborted).ConfigureAwait(false));

    public async Task<PinnedData> Pin(string conversationId, long? seq) =>
        HubErrors.Unwrap(await chat.Actions.PinAsync(UserId, conversationId, seq, Context.ConnectionAborted).ConfigureAwait(false));

    public async Task<Receipt> MarkRead(string conversationId, long seq) =>
        HubErrors.Unwrap(await chat.Receipts.MarkAsync(UserId, conversationId, seq, read: true, Context.ConnectionAborted).ConfigureAwait(false));

    public async Task<Receipt> MarkDelivered(string conversationId, long seq) =>
        HubErrors.Unwrap(await chat.Receipts.MarkAsync(UserId, conversationId, seq, read: false, Context.ConnectionAborted).ConfigureAwait(false));

    /// <summary>Ephemeral: relayed to the conversation's other connections, never stored or synced.</summary>
    public async Task Typing(string conversationId)
    {
        HubErrors.Unwrap(await chat.Sync.MembershipAsync(UserId, conversationId, Context.ConnectionAborted).ConfigureAwait(false));
        await Clients.OthersInGroup(ConversationGroup(conversationId))
            .SendAsync(TypingEvent, new TypingEvent(conversationId, UserId), Context.ConnectionAborted).ConfigureAwait(false);
    }

    public async Task<SyncPage> Sync(long since, int limit) =>
        HubErrors.Unwrap(await chat.Sync.PageAsync(UserId, since, limit, Context.ConnectionAborted).ConfigureAwait(false));

    public async Task<MessagePage> History(string conversationId, long? before, long? after, int? limit) =>
        HubErrors.Unwrap(await chat.History.HistoryAsync(UserId, conversationId, before, after, limit, Context.ConnectionAborted).ConfigureAwait(false));

    // Calls (docs/protocol.md, "Calls"): signalling only; media goes through the SFU room each answer names.
    public async Task<CallStart> StartCall(string conversationId, bool video) =>
        HubErrors.Unwrap(await calls.StartAsync(UserId, DeviceId, conversationId, video, Context.ConnectionAborted).ConfigureAwait(false));

    public async Task<CallJoin> AcceptCall(string callId) =>
        HubErrors.Unwrap(await calls.AcceptAsync(UserId, DeviceId, callId, Context.ConnectionAborted).ConfigureAwait(false));

    public async Task<CallJoin> JoinCall(string callId) =>
        HubErrors.Unwrap(await calls.JoinAsync(UserId, DeviceId, callId, Context.ConnectionAborted).ConfigureAwait(false));

    public async Task<bool> DeclineCall(string callId) =>
        HubErrors.Unwrap(await calls.DeclineAsync(UserId, callId, Context.ConnectionAborted).ConfigureAwait(false));

    public async Task<bool> CancelCall(string callId) =>
        HubErrors.Unwrap(await calls.CancelAsync(UserId, callId, Context.ConnectionAborted).ConfigureAwait(false));

    public async Task<bool> HangUp(string callId) =>
        HubErrors.Unwrap(await calls.HangUpAsync(UserId, callId, Context.ConnectionAborted).ConfigureAwait(false));

    public async Task<CallInfo?> GetCall(string conversationId) =>
        HubErrors.Unwrap(await calls.GetAsync(UserId, conversationId, Context.ConnectionAborted).ConfigureAwait(false));

    private string DeviceId => Context.User!.DeviceId();

    private void ThrowIfFlooding()
    {
        if (chat.SendLimiter.TryAcquire(UserId) is { } wait)
        {
            throw HubErrors.RateLimited(wait);
        }
    }

    private async Task TellPresenceAsync(string userId)
    {
        foreach (var (viewerId, view) in await chat.Presence.AudienceAsync(userId, CancellationToken.None).ConfigureAwait(false))
        {
            await Clients.Group(UserGroup(viewerId)).SendAsync(PresenceEvent, view).ConfigureAwait(false);
        }
    }
}

/// <summary>The chat services the hub uses, in one parameter so the hub's constructor stays readable.</summary>
public sealed record ChatHubServices(
    MessageService Messages,
    MessageActions Actions,
    ReceiptService Receipts,
    HistoryService History,
    SyncService Sync,
    PresenceService Presence,
    ChatSendLimiter SendLimiter);
