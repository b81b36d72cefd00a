namespace Messenger.MediaServer.Whip;

/// <summary>The result of a WHIP/WHEP request as a value: either a session or a refusal naming the field.</summary>
public sealed record WhipOutcome(
    int Status,
    string? AnswerSdp = null,
    string? ResourceId = null,
    string? ETag = null,
    string? ErrorField = null,
    string? Error = null)
{
    public bool IsSuccess => Error is null;

    public static WhipOutcome Fail(int status, string field, string message) => new(status, ErrorField: field, Error: message);
}
