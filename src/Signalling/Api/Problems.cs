using Messenger.ChatCore.Directory;

namespace Messenger.Signalling.Api;

/// <summary>
/// Turns domain refusals into RFC 9457 problem details. Every problem carries an "errors" map keyed by the failing
/// field, the shape ASP.NET Core's validation problems already use, so clients read one format.
/// </summary>
public static class Problems
{
    public static IResult From(DirectoryError error) => error.Kind switch
    {
        DirectoryErrorKind.Validation => Results.ValidationProblem(
            new Dictionary<string, string[]> { [error.Field] = [error.Message] }, detail: error.Message),
        DirectoryErrorKind.Conflict => Field(StatusCodes.Status409Conflict, "Conflict", error),
        DirectoryErrorKind.NotFound => Field(StatusCodes.Status404NotFound, "Not found", error),
        DirectoryErrorKind.InvalidCredentials or DirectoryErrorKind.Unauthorized =>
            Field(StatusCodes.Status401Unauthorized, "Unauthorized", error),
        DirectoryErrorKind.Forbidden => Field(StatusCodes.Status403Forbidden, "Forbidden", error),
        DirectoryErrorKind.TooLarge => Field(StatusCodes.Status413PayloadTooLarge, "Payload too large", error),
        _ => Field(StatusCodes.Status400BadRequest, "Bad request", error),
    };

    public static IResult Field(int status, string title, string field, string message) =>
        Results.Problem(
            detail: message,
            statusCode: status,
            title: title,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = new Dictionary<string, string[]> { [field] = [message] },
            });

    private static IResult Field(int status, string title, DirectoryError error) =>
        Field(status, title, error.Field, error.Message);

    /// <summary>Runs <paramref name="onSuccess"/> for a value, or answers with the problem.</summary>
    public static IResult Match<T>(Result<T> result, Func<T, IResult> onSuccess) =>
        result.IsSuccess ? onSuccess(result.Value!) : From(result.Error!);
}
