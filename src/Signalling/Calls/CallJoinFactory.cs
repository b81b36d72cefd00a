using Messenger.ChatCore.Directory;
using Messenger.MediaServer.RoomSignalling;
using Messenger.Signalling.Auth;
using Microsoft.Extensions.Options;

namespace Messenger.Signalling.Calls;

/// <summary>
/// Builds the one media path every call takes: a join token for the call's SFU room, the room signalling hub and
/// WHIP/WHEP URLs of the media server, and ICE servers with fresh TURN credentials.
/// </summary>
public sealed class CallJoinFactory(TokenIssuer tokens, TurnCredentials turn, IOptions<CallOptions> options)
{
    public CallJoin Create(UserAccount account, string callId, string conversationId, string room, bool video)
    {
        var (token, expiresIn) = tokens.IssueJoinToken(account, room, canPublish: true, canSubscribe: true);
        var media = options.Value.MediaBaseUrl.TrimEnd('/');
        return new CallJoin(callId, conversationId, room, video, token, expiresIn,
            media + RoomHub.Path, $"{media}/whip/{room}", $"{media}/whep/{room}", turn.For(account.Id).IceServers);
    }
}
