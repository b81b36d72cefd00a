using Messenger.ChatCore.Documents;
using Messenger.Signalling.Auth;

namespace Messenger.Signalling.Api;

public sealed record GenerateSigningKeyRequest(string? Algorithm, string? CommonName);

/// <summary>Either <see cref="Pkcs12"/> (base64) with its <see cref="Password"/>, or a PEM private key and certificate.</summary>
public sealed record ImportSigningKeyRequest(string? Pkcs12, string? Password, string? PrivateKeyPem, string? CertificatePem);

/// <summary>Keys a user keeps on the server so the server can sign for them (docs/signatures.md).</summary>
public static class SigningKeyEndpoints
{
    public static void MapSigningKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/signing-keys").WithTags("Documents").RequireAuthorization();
        group.MapGet("/", async (HttpContext http, SigningKeyService keys, CancellationToken ct) =>
                Results.Ok(await keys.ListAsync(http.User.UserId(), ct)))
            .Produces<SigningKey[]>();
        group.MapPost("/", async (GenerateSigningKeyRequest request, HttpContext http, SigningKeyService keys, CancellationToken ct) =>
                Problems.Match(await keys.GenerateAsync(http.User.UserId(), request.Algorithm, request.CommonName, ct), Created))
            .Produces<SigningKey>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/import", async (ImportSigningKeyRequest request, HttpContext http, SigningKeyService keys, CancellationToken ct) =>
                Problems.Match(await keys.ImportAsync(http.User.UserId(), request.Pkcs12, request.Password, request.PrivateKeyPem,
                    request.CertificatePem, ct), Created))
            .Produces<SigningKey>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{keyId}", async (string keyId, HttpContext http, SigningKeyService keys, CancellationToken ct) =>
                Problems.Match(await keys.DeleteAsync(http.User.UserId(), keyId, ct), _ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IResult Created(SigningKey key) => Results.Created($"/api/signing-keys/{key.Id}", key);
}
