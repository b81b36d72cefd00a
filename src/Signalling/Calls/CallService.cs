using Messenger.ChatCore.Calls;
using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Sync;
using Messenger.Signalling.Hubs;
using Microsoft.Extensions.Options;

namespace Messenger.Signalling.Calls;

/// <summary>
/// Call signalling: ringing, answering, declining, busy, missed, hanging up, and joining a group call late or by
/// link. A conversation holds at most one call, claimed under one lock, so glare (both sides of a direct chat
/// calling at once) cannot make two: whichever StartCall takes the lock second finds the first call ringing for it
/// and answers it. State changes happen under the lock; the events and the system message go out after it.
/// </summary>
public sealed partial class CallService(
    SyncService sync,
    ConversationService conversations,
    UserDirectory directory,
    MessageService messages,
    CallJoinFactory joins,
    CallNotifier notifier,
    ConnectionRegistry connections,
    IOptions<CallOptions> options,
    TimeProvider clock,
    ILogger<CallService> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ActiveCall> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActiveCall> _byConversation = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActiveCall> _byUser = new(StringComparer.Ordinal);

    public async Task<Result<CallStart>> StartAsync(
        string userId, string deviceId, string? conversationId, bool video, CancellationToken cancellationToken)
    {
        var access = await sync.MembershipAsync(userId, conversationId, cancellationToken).ConfigureAwait(false);
        if (!access.IsSuccess)
        {
            return access.Error!;
        }

        var conversation = access.Value!.Conversation;
        if (conversation.Kind == ConversationKind.Channel)
        {
            return ChatErrors.Forbidden("conversationId", "Calls are for direct conversations and groups, not channels.");
        }

        var others = await OtherMembersAsync(userId, conversation, cancellationToken).ConfigureAwait(false);
        if (!others.IsSuccess)
        {
            return others.Error!;
        }

        if (await directory.FindAsync(userId, cancellationToken).ConfigureAwait(false) is not { } account)
        {
            return ChatErrors.NoUser();
        }

        var outbox = new CallOutbox();
        CallStart start;
        ActiveCall call;
        lock (_gate)
        {
            if (_byConversation.TryGetValue(conversation.Id, out var running))
            {
                // Glare, or a group call already in progress: join it rather than start a second one.
                var admitted = Admit(running, userId, deviceId, outbox);
                if (!admitted.IsSuccess)
                {
                    return admitted.Error!;
                }

                (start, call) = (new CallStart(null, running.Id, [.. running.Ringing], [], Merged: true), running);
            }
            else if (_byUser.ContainsKey(userId))
            {
                return ChatErrors.Conflict("callId", "You are already in a call; hang up first.");
            }
            else
            {
                (start, call) = Open(conversation, userId, deviceId, video, others.Value!, outbox);
            }
        }

        await notifier.DeliverAsync(outbox).ConfigureAwait(false);
        await RecordAsync(outbox).ConfigureAwait(false);
        return outbox.Ended is { } ended && ended.CallId == call.Id
            ? start
            : start with { Join = joins.Create(account, call.Id, call.ConversationId, call.Room, call.Video) };
    }

    /// <summary>Answers a call ringing for the user (any of their devices), or moves the call to this device.</summary>
    public Task<Result<CallJoin>> AcceptAsync(string userId, string deviceId, string? callId, CancellationToken cancellationToken) =>
        EnterAsync(userId, deviceId, callId, ringingOnly: true, cancellationToken);

    /// <summary>Joins a group call already running (members only), or rejoins one after a drop.</summary>
    public Task<Result<CallJoin>> JoinAsync(string userId, string deviceId, string? callId, CancellationToken cancellationToken) =>
        EnterAsync(userId, deviceId, callId, ringingOnly: false, cancellationToken);

    /// <summary>Joins the call running in a call link's group, for any signed-in user holding a valid link.</summary>
    public async Task<Result<CallJoin>> JoinByLinkAsync(string userId, string deviceId, CallLink link, CancellationToken cancellationToken)
    {
        if (await directory.FindAsync(userId, cancellationToken).ConfigureAwait(false) is not { } account)
        {
            return ChatErrors.NoUser();
        }

        var outbox = new CallOutbox();
        ActiveCall? call;
        lock (_gate)
        {
            if (!_byConversation.TryGetValue(link.ConversationId, out call))
            {
                return new DirectoryError(DirectoryErrorKind.NotFound, "call", "No call is in progress in this room.");
            }

            var admitted = Admit(call, userId, deviceId, outbox);
            if (!admitted.IsSuccess)
            {
                return admitted.Error!;
            }
        }

        await notifier.DeliverAsync(outbox).ConfigureAwait(false);
        return joins.Create(account, call.Id, call.ConversationId, call.Room, call.Video);
    }

    public async Task<Result<bool>> DeclineAsync(string userId, string? callId, CancellationToken cancellationToken)
    {
        var outbox = new CallOutbox();
        lock (_gate)
        {
            if (Find(callId) is not { } call || !call.Ringing.Remove(userId))
            {
                return NoCall();
            }

            outbox.Tell([.. call.Participants.Keys, userId], CallEvents.Declined, new CallUserEvent(call.Id, userId));
            if (call.Ringing.Count == 0 && call.AnsweredAt is null)
            {
                End(call, CallOutcomes.Declined, outbox, userId);
            }
        }

        await notifier.DeliverAsync(outbox).ConfigureAwait(false);
        await RecordAsync(outbox).ConfigureAwait(false);
        return true;
    }

    /// <summary>The caller gives up before anyone answered; those rung see a missed call.</summary>
    public async Task<Result<bool>> CancelAsync(string userId, string? callId, CancellationToken cancellationToken)
    {
        var outbox = new CallOutbox();
        lock (_gate)
        {
            if (Find(callId) is not { } call || !call.Participants.ContainsKey(userId))
            {
                return NoCall();
            }

            if (call.AnsweredAt is not null || !string.Equals(call.CallerId, userId, StringComparison.Ordinal))
            {
                return ChatErrors.Conflict("callId", "Only the caller may cancel, and only before anyone answers; hang up instead.");
            }

            End(call, CallOutcomes.Missed, outbox);
        }

        await notifier.DeliverAsync(outbox).ConfigureAwait(false);
        await RecordAsync(outbox).ConfigureAwait(false);
        return true;
    }

    /// <summary>Leaves the call. A direct call ends for both; a group call ends when its last participant leaves.</summary>
    public async Task<Result<bool>> HangUpAsync(string userId, string? callId, CancellationToken cancellationToken)
    {
        var outbox = new CallOutbox();
        lock (_gate)
        {
            if (Find(callId) is not { } call || !call.Participants.ContainsKey(userId))
            {
                return NoCall();
            }

            Leave(call, userId, outbox);
        }

        await notifier.DeliverAsync(outbox).ConfigureAwait(false);
        await RecordAsync(outbox).ConfigureAwait(false);
        return true;
    }

    /// <summary>The call running in a conversation, or null; members only.</summary>
    public async Task<Result<CallInfo?>> GetAsync(string userId, string? conversationId, CancellationToken cancellationToken)
    {
        var access = await sync.MembershipAsync(userId, conversationId, cancellationToken).ConfigureAwait(false);
        if (!access.IsSuccess)
        {
            return access.Error!;
        }

        lock (_gate)
        {
            return Result<CallInfo?>.Ok(_byConversation.TryGetValue(conversationId!, out var call) ? call.Describe() : null);
        }
    }

    private async Task<Result<CallJoin>> EnterAsync(
        string userId, string deviceId, string? callId, bool ringingOnly, CancellationToken cancellationToken)
    {
        string? conversationId;
        lock (_gate)
        {
            conversationId = Find(callId)?.ConversationId;
        }

        // Membership is checked against the database, outside the lock; a non-member learns nothing about the call.
        if (conversationId is null || !(await sync.MembershipAsync(userId, conversationId, cancellationToken).ConfigureAwait(false)).IsSuccess)
        {
            return NoCall();
        }

        if (await directory.FindAsync(userId, cancellationToken).ConfigureAwait(false) is not { } account)
        {
            return ChatErrors.NoUser();
        }

        var outbox = new CallOutbox();
        ActiveCall? call;
        lock (_gate)
        {
            call = Find(callId);
            if (call is null || (ringingOnly && !call.Ringing.Contains(userId) && !call.Participants.ContainsKey(userId)))
            {
                return NoCall();
            }

            var admitted = Admit(call, userId, deviceId, outbox);
            if (!admitted.IsSuccess)
            {
                return admitted.Error!;
            }
        }

        await notifier.DeliverAsync(outbox).ConfigureAwait(false);
        return joins.Create(account, call.Id, call.ConversationId, call.Room, call.Video);
    }

    private async Task<Result<List<string>>> OtherMembersAsync(string userId, Conversation conversation, CancellationToken cancellationToken)
    {
        var others = new List<string>();
        var max = Math.Max(1, options.Value.MaxRinging);
        for (var offset = 0; others.Count < max; offset += ConversationService.MaxMembersPage)
        {
            var page = await conversations.ListMembersAsync(
                userId, conversation.Id, offset, ConversationService.MaxMembersPage, cancellationToken).ConfigureAwait(false);
            if (!page.IsSuccess)
            {
                return page.Error!;
            }

            foreach (var member in page.Value!)
            {
                if (!string.Equals(member.UserId, userId, StringComparison.Ordinal) && others.Count < max)
                {
                    others.Add(member.UserId);
                }
            }

            if (page.Value!.Count < ConversationService.MaxMembersPage)
            {
                break;
            }
        }

        if (conversation.Kind == ConversationKind.Direct && others.Count == 1
            && await directory.HasBlockedAsync(others[0], userId, cancellationToken).ConfigureAwait(false))
        {
            return ChatErrors.Forbidden("conversationId", "This user does not accept calls from you.");
        }

        return others;
    }

    private static DirectoryError NoCall() =>
        new(DirectoryErrorKind.NotFound, "callId", "No such call, or it is not yours to answer.");
}
