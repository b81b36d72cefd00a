using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Bots;

namespace Messenger.Signalling.Bots;

/// <summary>
/// The Bot API's envelope, as Telegram's: <c>{"ok":true,"result":…}</c>, or <c>{"ok":false,"error_code":…,
/// "description":…}</c> with the HTTP status equal to error_code and, for 429, <c>parameters.retry_after</c> in
/// seconds. Ours adds <c>field</c>, the parameter at fault, as the REST API's problems name theirs.
/// </summary>
public static class BotApiResults
{
    public static IResult Ok(object? result) => Results.Json(new { ok = true, result }, BotJson.Options);

    public static IResult Error(int code, string description, string? field = null, int? retryAfter = null) =>
        Results.Json(
            new BotError(false, code, description, field, retryAfter is { } seconds ? new BotErrorParameters(seconds) : null),
            BotJson.Options, statusCode: code);

    public static IResult From(DirectoryError error) => error.Kind switch
    {
        DirectoryErrorKind.Forbidden => Error(403, "Forbidden: " + error.Message, error.Field),
        DirectoryErrorKind.Conflict => Error(409, "Conflict: " + error.Message, error.Field),
        DirectoryErrorKind.TooLarge => Error(413, "Request Entity Too Large: " + error.Message, error.Field),
        DirectoryErrorKind.Unauthorized or DirectoryErrorKind.InvalidCredentials => Error(401, "Unauthorized", error.Field),
        // Telegram answers 400 for a missing message or chat as well ("Bad Request: message to edit not found").
        _ => Error(400, "Bad Request: " + error.Message, error.Field),
    };

    public static IResult TooManyRequests(TimeSpan wait)
    {
        var seconds = (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds));
        return Error(429, $"Too Many Requests: retry after {seconds}", retryAfter: seconds);
    }

    public static IResult Match<T>(Result<T> result, Func<T, object?> onSuccess) =>
        result.IsSuccess ? Ok(onSuccess(result.Value!)) : From(result.Error!);

    private sealed record BotError(bool Ok, int ErrorCode, string Description, string? Field, BotErrorParameters? Parameters);

    private sealed record BotErrorParameters(int RetryAfter);
}
