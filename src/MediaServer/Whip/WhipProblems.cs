using Microsoft.AspNetCore.Http;

namespace Messenger.MediaServer.Whip;

/// <summary>RFC 9457 problem details with an "errors" map naming the field, the same shape the host's API uses.</summary>
internal static class WhipProblems
{
    public static IResult Field(int status, string field, string message) =>
        Results.Problem(
            detail: message,
            statusCode: status,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = new Dictionary<string, string[]> { [field] = [message] },
            });
}
