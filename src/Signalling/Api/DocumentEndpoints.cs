using System.Text.Json;
using Messenger.ChatCore.Documents;
using Messenger.ChatCore.Messages;
using Messenger.Signalling.Auth;
using Messenger.Signalling.Hubs;
using Microsoft.AspNetCore.Http.Features;

namespace Messenger.Signalling.Api;

public sealed record PostDocumentRequest(
    string? ClientMessageId, string? AttachmentId, string? Title, string? Description, string? Supersedes, bool? SignatureRequested);

public sealed record EditDocumentRequest(string? Title, string? Description);

public sealed record ServerSignRequest(string? KeyId);

/// <summary>
/// Documents and their signatures (issue #7; docs/signatures.md). A document is posted into a conversation as a
/// message; signatures are uploaded as .p7s (client-made) or made by the server with a key the user keeps here.
/// </summary>
public static class DocumentEndpoints
{
    public static void MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/conversations/{conversationId}/documents", PostAsync)
            .WithTags("Documents").RequireAuthorization()
            .Produces<ChatMessage>(StatusCodes.Status201Created).Produces<ChatMessage>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);

        var group = app.MapGroup("/api/documents/{documentId}").WithTags("Documents").RequireAuthorization();
        group.MapGet("/", async (string documentId, HttpContext http, DocumentService documents, CancellationToken ct) =>
                Problems.Match(await documents.GetAsync(http.User.UserId(), documentId, ct), Results.Ok))
            .Produces<DocumentView>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/", async (string documentId, EditDocumentRequest request, HttpContext http, DocumentService documents, CancellationToken ct) =>
                Problems.Match(await documents.EditAsync(http.User.UserId(), documentId, request.Title, request.Description, ct), Results.Ok))
            .Produces<DocumentView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/signatures", UploadSignatureAsync)
            .Accepts<Stream>("application/pkcs7-signature", "application/octet-stream", "text/plain", "application/json")
            .Produces<SignatureInfo>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPost("/sign", async (string documentId, ServerSignRequest request, HttpContext http,
                DocumentSignatureService signatures, CancellationToken ct) =>
                Problems.Match(await signatures.SignWithServerKeyAsync(http.User.UserId(), documentId, request.KeyId, ct),
                    signature => Results.Created($"/api/documents/{documentId}/signatures/{signature.Id}", signature)))
            .Produces<SignatureInfo>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/verify", async (string documentId, HttpContext http, DocumentSignatureService signatures, CancellationToken ct) =>
                Problems.Match(await signatures.VerifyAsync(http.User.UserId(), documentId, ct), Results.Ok))
            .Produces<DocumentView>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/signatures/{signatureId}", async (string documentId, string signatureId, HttpContext http,
                DocumentSignatureService signatures, CancellationToken ct) =>
                Problems.Match(await signatures.DownloadAsync(http.User.UserId(), documentId, signatureId, ct),
                    cms => Results.File(cms, "application/pkcs7-signature", signatureId + ".p7s")))
            .Produces(StatusCodes.Status200OK, contentType: "application/pkcs7-signature").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> PostAsync(
        string conversationId, PostDocumentRequest request, HttpContext http, DocumentService documents, ChatSendLimiter limiter,
        CancellationToken ct)
    {
        if (limiter.TryAcquire(http.User.UserId()) is { } wait)
        {
            return AuthRateLimits.TooManyRequests(wait, "user");
        }

        var result = await documents.PostDocumentAsync(http.User.UserId(), new PostDocument(conversationId, request.ClientMessageId,
            request.AttachmentId, request.Title, request.Description, request.Supersedes, request.SignatureRequested ?? false), ct);
        return Problems.Match(result, outcome => outcome.Created
            ? Results.Created($"/api/documents/{outcome.Message.Document!.Id}", outcome.Message)
            : Results.Ok(outcome.Message));
    }

    /// <summary>The body is the .p7s itself (DER, base64 or PEM), or JSON <c>{"signature": "&lt;base64&gt;"}</c>.</summary>
    private static async Task<IResult> UploadSignatureAsync(
        string documentId, HttpContext http, DocumentSignatureService signatures, DocumentOptions options, CancellationToken ct)
    {
        if (http.Request.ContentLength > options.MaxSignatureBytes)
        {
            return await OversizedBody.RefuseAsync(http, options.MaxSignatureBytes, "signature",
                $"A signature may be at most {options.MaxSignatureBytes} bytes.", ct);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxSignatureBytes + 1L;
        }

        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, ct);
        var bytes = body.ToArray();
        if (http.Request.HasJsonContentType())
        {
            try
            {
                using var json = JsonDocument.Parse(bytes);
                bytes = json.RootElement.TryGetProperty("signature", out var value) && value.ValueKind == JsonValueKind.String
                    ? System.Text.Encoding.ASCII.GetBytes(value.GetString()!)
                    : [];
            }
            catch (JsonException)
            {
                bytes = [];
            }
        }

        var result = await signatures.AddClientSignatureAsync(http.User.UserId(), documentId, bytes, ct);
        return Problems.Match(result, signature => Results.Created($"/api/documents/{documentId}/signatures/{signature.Id}", signature));
    }
}
