namespace Messenger.Signalling.Api;

/// <summary>
/// Problems written by the framework itself (401 from the bearer handler, 413 from Kestrel, 404 for unknown routes)
/// get the same "errors" map as ours, naming what was wrong, so clients never need a second error format.
/// </summary>
public static class ProblemDefaults
{
    public static void NameTheField(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem is HttpValidationProblemDetails || problem.Extensions.ContainsKey("errors"))
        {
            return;
        }

        var (field, message) = problem.Status switch
        {
            StatusCodes.Status401Unauthorized => ("authorization", "A valid, unrevoked access token is required."),
            StatusCodes.Status403Forbidden => ("authorization", "This token may not do that."),
            StatusCodes.Status404NotFound => ("path", "No such resource."),
            StatusCodes.Status405MethodNotAllowed => ("method", "This resource does not accept that method."),
            StatusCodes.Status413PayloadTooLarge => ("body", "The request body is too large."),
            StatusCodes.Status415UnsupportedMediaType => ("content-type", "Send the body as application/json."),
            _ => ("request", problem.Title ?? "The request failed."),
        };
        problem.Detail ??= message;
        problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
    }
}
