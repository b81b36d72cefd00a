using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace Messenger.Signalling.Api;

/// <summary>
/// Refuses a request whose declared body is over an endpoint's limit in a way the client can actually read.
/// </summary>
/// <remarks>
/// Answering before the body is read makes Kestrel close a connection the client is still writing to; the kernel then
/// resets it, and the reset can destroy the 413 before the client reads it (CI saw HttpClient report "the response
/// ended prematurely" instead of the problem document). So a body at most twice the limit is read and thrown away
/// first, the way nginx's lingering close does: that costs no more than two accepted uploads. A larger one is refused
/// at once, because reading it would be the very abuse the limit exists for.
/// </remarks>
internal static class OversizedBody
{
    public static async Task<IResult> RefuseAsync(HttpContext http, long limit, string field, string detail, CancellationToken ct)
    {
        var declared = http.Request.ContentLength ?? 0;
        if (declared <= 2 * limit)
        {
            await DrainAsync(http, declared, ct);
        }

        return Problems.Field(StatusCodes.Status413PayloadTooLarge, "Payload too large", field, detail);
    }

    private static async Task DrainAsync(HttpContext http, long declared, CancellationToken ct)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = declared;
        }

        var scratch = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (await http.Request.Body.ReadAsync(scratch, ct) > 0)
            {
            }
        }
        catch (BadHttpRequestException)
        {
            // The client sent more than it declared or stopped sending: Kestrel closes the connection either way.
        }
        catch (IOException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
