using Messenger.ChatCore.Directory;
using Microsoft.AspNetCore.SignalR;

namespace Messenger.Signalling.Hubs;

/// <summary>
/// Refusals on the hub. SignalR passes only a HubException's message to the client, so the message carries the
/// machine-readable part first: <c>"{code}:{field}: {text}"</c>, e.g. <c>"not_found:conversationId: No such …"</c>.
/// docs/protocol.md lists the codes.
/// </summary>
public static class HubErrors
{
    public static string Code(DirectoryErrorKind kind) => kind switch
    {
        DirectoryErrorKind.Validation => "invalid",
        DirectoryErrorKind.NotFound => "not_found",
        DirectoryErrorKind.Forbidden => "forbidden",
        DirectoryErrorKind.Conflict => "conflict",
        DirectoryErrorKind.TooLarge => "too_large",
        _ => "unauthorized",
    };

    public static HubException From(DirectoryError error) => new($"{Code(error.Kind)}:{error.Field}: {error.Message}");

    public static HubException RateLimited(TimeSpan retryAfter) =>
        new($"rate_limited:user: Sending too fast; retry after {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))} s.");

    /// <summary>The value, or a HubException with the refusal.</summary>
    public static T Unwrap<T>(Result<T> result) => result.IsSuccess ? result.Value! : throw From(result.Error!);
}
