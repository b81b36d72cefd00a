using System.Globalization;
using System.Net;
using System.Text;
using Messenger.MediaServer.Routing;
using Messenger.MediaServer.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Messenger.MediaServer.Hosting;

public sealed record SessionStatsView(
    string Room, string ParticipantId, string UserId, bool Connected, int Producers, int Consumers,
    long PacketsIn, long BytesIn, long PacketsOut, long BytesOut, long RtcpIn, long RtcpOut,
    long NacksReceived, long PlisReceived, long FirsReceived, long PlisSent,
    long PacketsLostReported, double FractionLostReported, double? RoundTripMilliseconds,
    bool TransportFeedback, long SendEstimateBps);

public sealed record MediaStatsView(
    int Rooms, long DatagramsReceived, long DatagramsSent, IReadOnlyDictionary<string, long> Drops,
    IReadOnlyList<SessionStatsView> Sessions);

/// <summary>
/// Operator views: <c>/media/stats</c> as JSON and <c>/metrics</c> in the Prometheus text format. They are admin
/// endpoints: a configured AdminToken, or a caller on the loopback interface.
/// </summary>
public static class MediaStatsEndpoints
{
    public static void MapMediaStatsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/media/stats", (HttpContext context, MediaNode node) =>
            IsAdmin(context, node) ? Results.Ok(Snapshot(node)) : Forbidden()).WithTags("Media");
        app.MapGet("/metrics", (HttpContext context, MediaNode node) =>
            IsAdmin(context, node) ? Results.Text(Prometheus(Snapshot(node)), "text/plain; version=0.0.4") : Forbidden())
            .WithTags("Media");
    }

    public static MediaStatsView Snapshot(MediaNode node)
    {
        var drops = node.Transport.Drops.Snapshot();
        var sessions = new List<SessionStatsView>();
        foreach (var room in node.Rooms.Rooms)
        {
            foreach (var p in room.Participants)
            {
                var s = p.Session.Stats;
                sessions.Add(new SessionStatsView(
                    room.Name, p.Id, p.UserId, p.Session.IsConnected, p.Producers.Count, p.Consumers.Count,
                    s.PacketsIn, s.BytesIn, s.PacketsOut, s.BytesOut, s.RtcpIn, s.RtcpOut,
                    s.NacksReceived, s.PlisReceived, s.FirsReceived, s.PlisSent,
                    s.PacketsLostReported, s.FractionLostReported, s.RoundTripMilliseconds,
                    p.Session.Congestion.HasFeedback, p.Session.Congestion.EstimateBps));
            }
        }

        return new MediaStatsView(
            node.Rooms.Rooms.Count, node.Transport.DatagramsReceived, node.Transport.DatagramsSent,
            Enum.GetValues<DropReason>().ToDictionary(r => r.ToString(), r => drops[r]), sessions);
    }

    private static string Prometheus(MediaStatsView stats)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"# TYPE messenger_media_rooms gauge\nmessenger_media_rooms {stats.Rooms}\n");
        text.Append(c, $"# TYPE messenger_media_sessions gauge\nmessenger_media_sessions {stats.Sessions.Count}\n");
        text.Append(c, $"# TYPE messenger_media_datagrams_received_total counter\nmessenger_media_datagrams_received_total {stats.DatagramsReceived}\n");
        text.Append(c, $"# TYPE messenger_media_datagrams_sent_total counter\nmessenger_media_datagrams_sent_total {stats.DatagramsSent}\n");
        text.Append("# TYPE messenger_media_drops_total counter\n");
        foreach (var (reason, count) in stats.Drops)
        {
            text.Append(c, $"messenger_media_drops_total{{reason=\"{reason}\"}} {count}\n");
        }

        text.Append("# TYPE messenger_media_session_packets_total counter\n");
        foreach (var s in stats.Sessions)
        {
            text.Append(c, $"messenger_media_session_packets_total{{room=\"{s.Room}\",participant=\"{s.ParticipantId}\",direction=\"in\"}} {s.PacketsIn}\n");
            text.Append(c, $"messenger_media_session_packets_total{{room=\"{s.Room}\",participant=\"{s.ParticipantId}\",direction=\"out\"}} {s.PacketsOut}\n");
        }

        return text.ToString();
    }

    private static bool IsAdmin(HttpContext context, MediaNode node)
    {
        var token = node.Options.AdminToken;
        if (token.Length > 0)
        {
            return context.Request.Headers.Authorization.ToString() == "Bearer " + token;
        }

        return context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);
    }

    private static IResult Forbidden() =>
        Whip.WhipProblems.Field(StatusCodes.Status403Forbidden, "authorization", "Admin endpoint: use the AdminToken or call from loopback.");
}
