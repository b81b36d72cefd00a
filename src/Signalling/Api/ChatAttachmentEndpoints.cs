using Messenger.ChatCore;
using Messenger.ChatCore.Attachments;
using Messenger.Signalling.Auth;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Messenger.Signalling.Api;

/// <summary>
/// Uploads take the raw bytes as the body (any content type; the server sniffs its own), downloads serve them with the
/// sniffed type and nosniff, as an attachment unless an image.
/// </summary>
public static class ChatAttachmentEndpoints
{
    public static void MapChatAttachmentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/attachments").WithTags("Attachments").RequireAuthorization();
        group.MapPost("/", UploadAsync)
            .Accepts<Stream>("application/octet-stream", "*/*")
            .Produces<Attachment>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/{attachmentId}/info", async (string attachmentId, HttpContext http, AttachmentService attachments, CancellationToken ct) =>
                Problems.Match(await attachments.FindAsync(http.User.UserId(), attachmentId, ct), Results.Ok))
            .Produces<Attachment>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{attachmentId}", DownloadAsync)
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> UploadAsync(
        string? name, string? kind, HttpContext http, AttachmentService attachments, ChatOptions options, CancellationToken ct)
    {
        if (kind is not (null or "file" or "voice"))
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "Bad request", "kind", "kind is file (the default) or voice.");
        }

        if (http.Request.ContentLength > options.MaxAttachmentBytes)
        {
            return await OversizedBody.RefuseAsync(http, options.MaxAttachmentBytes, "file",
                $"An attachment may be at most {options.MaxAttachmentBytes} bytes.", ct);
        }

        // The host caps JSON bodies far lower; uploads get their own limit, enforced again while streaming.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxAttachmentBytes + 1;
        }

        var result = await attachments.UploadAsync(http.User.UserId(), http.Request.Body, name, kind == "voice", ct);
        return Problems.Match(result, attachment => Results.Created($"/api/attachments/{attachment.Id}", attachment));
    }

    private static async Task<IResult> DownloadAsync(
        string attachmentId, HttpContext http, AttachmentService attachments, CancellationToken ct)
    {
        var found = await attachments.FindAsync(http.User.UserId(), attachmentId, ct);
        if (!found.IsSuccess)
        {
            return Problems.From(found.Error!);
        }

        var attachment = found.Value!;
        http.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        var downloadName = attachment.Kind == AttachmentKind.Image ? null : attachment.FileName is { Length: > 0 } n ? n : attachment.Id;
        return Results.File(attachments.OpenRead(attachment), attachment.ContentType, downloadName,
            entityTag: new EntityTagHeaderValue("\"" + attachment.Sha256 + "\""), enableRangeProcessing: true);
    }
}
