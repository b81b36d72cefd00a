using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Messages;

namespace Messenger.Signalling.Calls;

/// <summary>The state transitions, all run under <c>_gate</c>, and the timers that drive ring timeout and drops.</summary>
public sealed partial class CallService
{
    /// <summary>
    /// A hub connection closed. If it was the last one of a device that is in a call, the device is hung up after
    /// <see cref="CallOptions.ReconnectGrace"/> unless it has reconnected by then.
    /// </summary>
    public void DeviceDisconnected(string userId, string deviceId)
    {
        if (connections.CountFor(deviceId) > 0)
        {
            return;
        }

        string callId;
        lock (_gate)
        {
            if (!_byUser.TryGetValue(userId, out var call) || call.Participants.GetValueOrDefault(userId) != deviceId)
            {
                return;
            }

            callId = call.Id;
        }

        _ = HangUpIfGoneAsync(userId, deviceId, callId);
    }

    private (CallStart Start, ActiveCall Call) Open(
        Conversation conversation, string userId, string deviceId, bool video, List<string> others, CallOutbox outbox)
    {
        var call = new ActiveCall(Guid.CreateVersion7().ToString("N"), conversation.Id, conversation.Kind, userId, video, clock.GetUtcNow());
        call.Participants[userId] = deviceId;
        _calls[call.Id] = call;
        _byConversation[conversation.Id] = call;
        _byUser[userId] = call;

        var busy = new List<string>();
        foreach (var other in others)
        {
            if (_byUser.ContainsKey(other))
            {
                busy.Add(other);
                outbox.Tell([userId], CallEvents.Busy, new CallUserEvent(call.Id, other));
            }
            else
            {
                call.Ringing.Add(other);
                outbox.Tell([other], CallEvents.Ringing, new CallRingingEvent(call.Id, conversation.Id, userId, video, call.Room));
            }
        }

        if (call.Ringing.Count > 0)
        {
            var id = call.Id;
            call.RingTimer = clock.CreateTimer(_ => _ = RingTimedOutAsync(id), null, options.Value.RingTimeout, Timeout.InfiniteTimeSpan);
        }
        else if (busy.Count > 0)
        {
            End(call, CallOutcomes.Busy, outbox);
        }

        return (new CallStart(null, call.Id, [.. call.Ringing], busy, Merged: false), call);
    }

    /// <summary>Puts the user into the call on this device: an answer if they were being rung, else a join.</summary>
    private Result<bool> Admit(ActiveCall call, string userId, string deviceId, CallOutbox outbox)
    {
        if (call.Participants.TryGetValue(userId, out var current))
        {
            if (!string.Equals(current, deviceId, StringComparison.Ordinal))
            {
                // Taken over on another device: the one that had it learns it is now elsewhere.
                call.Participants[userId] = deviceId;
                outbox.Tell([userId], CallEvents.Answered, new CallUserEvent(call.Id, userId, deviceId));
            }

            return true;
        }

        if (_byUser.TryGetValue(userId, out var other) && other != call)
        {
            return ChatErrors.Conflict("callId", "You are already in another call; hang up first.");
        }

        var wasRinging = call.Ringing.Remove(userId);
        call.Participants[userId] = deviceId;
        _byUser[userId] = call;
        call.AnsweredAt ??= clock.GetUtcNow();
        // Everyone in the call hears of it, and so do the user's own devices, which stop ringing.
        outbox.Tell(call.Participants.Keys, wasRinging ? CallEvents.Answered : CallEvents.Joined, new CallUserEvent(call.Id, userId, deviceId));
        if (call.Ringing.Count == 0)
        {
            call.RingTimer?.Dispose();
        }

        return true;
    }

    private void Leave(ActiveCall call, string userId, CallOutbox outbox)
    {
        if (call.AnsweredAt is null && call.Participants.Count == 1)
        {
            End(call, CallOutcomes.Missed, outbox);
            return;
        }

        call.Participants.Remove(userId);
        _byUser.Remove(userId);
        if (call.Kind == ConversationKind.Direct || call.Participants.Count == 0)
        {
            End(call, call.AnsweredAt is null ? CallOutcomes.Missed : CallOutcomes.Ended, outbox, userId);
            return;
        }

        outbox.Tell([.. call.Participants.Keys, userId], CallEvents.Left, new CallUserEvent(call.Id, userId));
    }

    private void End(ActiveCall call, string outcome, CallOutbox outbox, string? alsoTell = null)
    {
        var audience = call.Audience();
        if (alsoTell is not null)
        {
            audience.Add(alsoTell);
        }

        call.RingTimer?.Dispose();
        _calls.Remove(call.Id);
        _byConversation.Remove(call.ConversationId);
        foreach (var participant in call.Participants.Keys)
        {
            if (_byUser.GetValueOrDefault(participant) == call)
            {
                _byUser.Remove(participant);
            }
        }

        var duration = call.DurationSeconds(clock.GetUtcNow());
        call.Participants.Clear();
        call.Ringing.Clear();
        outbox.Tell(audience, CallEvents.Ended, new CallEndedEvent(call.Id, call.ConversationId, outcome, duration));
        outbox.Ended = new CallRecord(call.Id, call.ConversationId, call.CallerId, call.Video, outcome, duration);
    }

    private ActiveCall? Find(string? callId) => callId is not null && _calls.TryGetValue(callId, out var call) ? call : null;

    private async Task RingTimedOutAsync(string callId)
    {
        try
        {
            var outbox = new CallOutbox();
            lock (_gate)
            {
                if (Find(callId) is not { } call || call.Ringing.Count == 0)
                {
                    return;
                }

                if (call.AnsweredAt is null)
                {
                    End(call, CallOutcomes.Missed, outbox);
                }
                else
                {
                    // A group call others answered goes on; only those still ringing have missed it.
                    foreach (var missed in call.Ringing)
                    {
                        outbox.Tell([missed], CallEvents.Missed, new CallUserEvent(call.Id, missed));
                    }

                    call.Ringing.Clear();
                    call.RingTimer?.Dispose();
                }
            }

            await notifier.DeliverAsync(outbox).ConfigureAwait(false);
            await RecordAsync(outbox).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogTimerFailed(logger, exception, callId);
        }
    }

    private async Task HangUpIfGoneAsync(string userId, string deviceId, string callId)
    {
        try
        {
            await Task.Delay(options.Value.ReconnectGrace, clock).ConfigureAwait(false);
            if (connections.CountFor(deviceId) > 0)
            {
                return;
            }

            var outbox = new CallOutbox();
            lock (_gate)
            {
                if (Find(callId) is { } call && call.Participants.GetValueOrDefault(userId) == deviceId)
                {
                    Leave(call, userId, outbox);
                }
            }

            await notifier.DeliverAsync(outbox).ConfigureAwait(false);
            await RecordAsync(outbox).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogTimerFailed(logger, exception, callId);
        }
    }

    /// <summary>Posts the call's record in its conversation; not cancellable, so a caller who left cannot lose it.</summary>
    private async Task RecordAsync(CallOutbox outbox)
    {
        if (outbox.Ended is not { } ended)
        {
            return;
        }

        var posted = await messages.PostSystemAsync(ended.ConversationId, new SystemEvent(
            SystemEvents.CallEnded, ended.CallerId, CallId: ended.CallId, Outcome: ended.Outcome,
            DurationSeconds: ended.DurationSeconds, Video: ended.Video), CancellationToken.None).ConfigureAwait(false);
        if (!posted.IsSuccess)
        {
            LogRecordFailed(logger, ended.CallId, posted.Error!.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A call timer failed for call {CallId}.")]
    private static partial void LogTimerFailed(ILogger logger, Exception exception, string callId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the end of call {CallId}: {Reason}")]
    private static partial void LogRecordFailed(ILogger logger, string callId, string reason);
}
