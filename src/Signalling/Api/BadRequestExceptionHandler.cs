using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Messenger.Signalling.Api;

/// <summary>
/// Request-shape failures that happen before an endpoint runs: malformed JSON (400, naming the JSON path that broke)
/// and bodies over the size limit (413). Both become problem+json instead of an empty response.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var status = badRequest.StatusCode;
        var (field, message) = badRequest.InnerException switch
        {
            JsonException json => (FieldFromPath(json.Path), "The request body is not valid JSON for this endpoint."),
            _ when status == StatusCodes.Status413PayloadTooLarge => ("body", "The request body is too large."),
            _ => ("body", badRequest.Message),
        };

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = status,
                Title = status == StatusCodes.Status413PayloadTooLarge ? "Payload too large" : "Bad request",
                Detail = message,
                Extensions = { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } },
            },
        }).ConfigureAwait(false);
    }

    // System.Text.Json reports paths like "$.username"; clients know the field as "username".
    private static string FieldFromPath(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');
}
