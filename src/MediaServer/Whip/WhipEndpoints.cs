using System.Globalization;
using System.Text;
using Messenger.MediaServer.Auth;
using Messenger.MediaServer.Hosting;
using Messenger.MediaServer.Sdp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Messenger.MediaServer.Whip;

/// <summary>
/// WHIP (publish) and WHEP (play) over HTTP, RFC 9725: POST an SDP offer, get 201 with the answer, a Location for
/// the session resource, and an ETag naming the ICE session. DELETE ends it; PATCH carries trickle candidates or an
/// ICE restart as application/trickle-ice-sdpfrag (RFC 8840).
/// </summary>
public static class WhipEndpoints
{
    public const string CorsPolicy = "whip";
    public const string SdpType = "application/sdp";
    public const string SdpFragmentType = "application/trickle-ice-sdpfrag";
    public const string ParticipantHeader = "X-Participant-Id";
    private const int MaxSdpBytes = 64 * 1024;

    public static void MapWhipEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var kind in new[] { "whip", "whep" })
        {
            var publish = kind == "whip";
            var group = app.MapGroup("/" + kind).RequireCors(CorsPolicy).WithTags("Media");
            group.MapPost("/{room}", (string room, string? participant, HttpContext context) =>
                PostAsync(context, room, publish, participant));
            group.MapDelete("/{room}/{id}", (string room, string id, HttpContext context) => DeleteAsync(context, room, id, publish));
            group.MapPatch("/{room}/{id}", (string room, string id, HttpContext context) => PatchAsync(context, room, id, publish));
            group.MapMethods("/{room}", ["OPTIONS"], (HttpContext context) => Options(context));
        }
    }

    private static async Task<IResult> PostAsync(HttpContext context, string room, bool publish, string? participant)
    {
        if (await AuthorizeAsync(context, room, publish) is { } refused)
        {
            return refused;
        }

        if (!IsContentType(context, SdpType))
        {
            return WhipProblems.Field(StatusCodes.Status415UnsupportedMediaType, "content-type", $"Send the offer as {SdpType}.");
        }

        var (offer, tooLarge) = await ReadBodyAsync(context);
        if (tooLarge)
        {
            return WhipProblems.Field(StatusCodes.Status413PayloadTooLarge, "sdp", "The offer is too large.");
        }

        var service = context.RequestServices.GetRequiredService<WhipService>();
        var grant = (MediaGrant)context.Items[typeof(MediaGrant)]!;
        var outcome = publish ? service.Publish(room, grant, offer) : service.Play(room, grant, offer, participant);
        if (!outcome.IsSuccess)
        {
            return WhipProblems.Field(outcome.Status, outcome.ErrorField!, outcome.Error!);
        }

        var headers = context.Response.Headers;
        headers.Location = $"/{(publish ? "whip" : "whep")}/{Uri.EscapeDataString(room)}/{outcome.ResourceId}";
        headers.ETag = outcome.ETag;
        headers[ParticipantHeader] = outcome.ResourceId;
        AddIceServerLinks(context);
        return Results.Text(outcome.AnswerSdp!, SdpType, Encoding.UTF8, StatusCodes.Status201Created);
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string room, string id, bool publish)
    {
        if (await AuthorizeAsync(context, room, publish) is { } refused)
        {
            return refused;
        }

        return context.RequestServices.GetRequiredService<WhipService>().End(room, id)
            ? Results.Ok()
            : WhipProblems.Field(StatusCodes.Status404NotFound, "id", "No such session.");
    }

    private static async Task<IResult> PatchAsync(HttpContext context, string room, string id, bool publish)
    {
        if (await AuthorizeAsync(context, room, publish) is { } refused)
        {
            return refused;
        }

        var service = context.RequestServices.GetRequiredService<WhipService>();
        if (!service.TryGetSession(room, id, out var session))
        {
            return WhipProblems.Field(StatusCodes.Status404NotFound, "id", "No such session.");
        }

        if (!IsContentType(context, SdpFragmentType))
        {
            return WhipProblems.Field(StatusCodes.Status415UnsupportedMediaType, "content-type", $"Send {SdpFragmentType}.");
        }

        // RFC 9725 §4.3.1: If-Match guards against patching a session that has since restarted ICE.
        var ifMatch = context.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && ifMatch != "*" && ifMatch != WhipService.ETagOf(session))
        {
            return WhipProblems.Field(StatusCodes.Status412PreconditionFailed, "if-match", "The ICE session has changed.");
        }

        var (body, tooLarge) = await ReadBodyAsync(context);
        if (tooLarge)
        {
            return WhipProblems.Field(StatusCodes.Status413PayloadTooLarge, "sdpfrag", "The fragment is too large.");
        }

        if (!SdpFragmentParser.TryParse(body, out var fragment, out var error))
        {
            return WhipProblems.Field(StatusCodes.Status400BadRequest, "sdpfrag", error.ToString());
        }

        var ufrag = fragment.IceUfrag ?? fragment.Media.Select(fragment.UfragFor).FirstOrDefault(u => u is not null);
        var pwd = fragment.IcePwd ?? fragment.Media.Select(m => m.IcePwd).FirstOrDefault(p => p is not null);
        if (ufrag is null || pwd is null || ufrag == session.RemoteIceUfrag)
        {
            // Trickled candidates: an ICE-lite server never checks towards the client, so it needs none (RFC 8445 §2.5).
            return Results.NoContent();
        }

        if (!session.RestartIce(ufrag, pwd))
        {
            return WhipProblems.Field(StatusCodes.Status400BadRequest, "sdpfrag", "The new ICE credentials are not valid (RFC 8839 §5.4).");
        }

        var node = context.RequestServices.GetRequiredService<MediaNode>();
        context.Response.Headers.ETag = WhipService.ETagOf(session);
        return Results.Text(RestartAnswer(session.LocalUfrag, session.LocalPassword, node), SdpFragmentType, Encoding.UTF8);
    }

    private static IResult Options(HttpContext context)
    {
        context.Response.Headers["Accept-Post"] = SdpType;
        AddIceServerLinks(context);
        return Results.NoContent();
    }

    private static async Task<IResult?> AuthorizeAsync(HttpContext context, string room, bool publish)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        var grant = await context.RequestServices.GetRequiredService<MediaTokenValidator>().ValidateAsync(token);
        if (grant is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return WhipProblems.Field(StatusCodes.Status401Unauthorized, "authorization", "A valid access or room join token is required.");
        }

        if (!grant.Allows(room, publish))
        {
            return WhipProblems.Field(StatusCodes.Status403Forbidden, "authorization",
                publish ? "This token may not publish in this room." : "This token may not play this room.");
        }

        context.Items[typeof(MediaGrant)] = grant;
        return null;
    }

    private static bool IsContentType(HttpContext context, string expected) =>
        MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
        && type.MediaType.Equals(expected, StringComparison.OrdinalIgnoreCase);

    private static async Task<(string Body, bool TooLarge)> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxSdpBytes)
        {
            return ("", true);
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var buffer = new char[MaxSdpBytes + 1];
        var read = await reader.ReadBlockAsync(buffer.AsMemory());
        return read > MaxSdpBytes ? ("", true) : (new string(buffer, 0, read), false);
    }

    private static void AddIceServerLinks(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<MediaServerOptions>>().Value;
        foreach (var server in options.IceServers)
        {
            var link = $"<{server.Url}>; rel=\"ice-server\"";
            if (server.Username is not null)
            {
                link += $"; username=\"{server.Username}\"; credential=\"{server.Credential}\"; credential-type=\"password\"";
            }

            context.Response.Headers.Append(HeaderNames.Link, link);
        }
    }

    private static string RestartAnswer(string ufrag, string pwd, MediaNode node)
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"a=ice-lite\r\na=ice-ufrag:{ufrag}\r\na=ice-pwd:{pwd}\r\n");
        var index = 1;
        foreach (var endpoint in node.Transport.AnnouncedEndPoints)
        {
            builder.Append(CultureInfo.InvariantCulture, $"a=candidate:{SdpCandidate.Host(endpoint, index++).ToString()}\r\n");
        }

        builder.Append("a=end-of-candidates\r\n");
        return builder.ToString();
    }
}
