using Microsoft.AspNetCore.SignalR;

namespace Messenger.Signalling.Tests.Infrastructure;

public static class HubErrorParsing
{
    /// <summary>
    /// "code:field" from a refusal. SignalR prefixes a HubException's message with "An unexpected error occurred
    /// invoking 'X' on the server. HubException: ", so the code follows that marker, as docs/protocol.md tells clients.
    /// </summary>
    public static string HubErrorCode(HubException exception)
    {
        const string marker = "HubException: ";
        var message = exception.Message;
        var start = message.IndexOf(marker, StringComparison.Ordinal);
        var rest = start < 0 ? message : message[(start + marker.Length)..];
        var secondColon = rest.IndexOf(':', rest.IndexOf(':', StringComparison.Ordinal) + 1);
        return secondColon < 0 ? rest : rest[..secondColon];
    }
}
