using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Messenger.MediaServer.Dtls;
using Messenger.MediaServer.Ice;
using Messenger.MediaServer.Routing;
using Messenger.MediaServer.Sdp;
using Messenger.MediaServer.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Messenger.MediaServer.Hosting;

/// <summary>
/// The media server as a running thing: the UDP port, the DTLS certificate, the rooms, and the once-a-second
/// housekeeping (RTCP reports, consent expiry). It starts with the host and stops with it.
/// </summary>
public sealed class MediaNode : IHostedService, IAsyncDisposable
{
    private readonly MediaServerOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<MediaNode> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly UdpTransport _transport;
    private Task? _housekeeping;
    private int _stopped;

    public MediaNode(IOptions<MediaServerOptions> options, TimeProvider clock, ILogger<MediaNode> logger)
    {
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        var bind = IPAddress.Parse(_options.BindAddress);
        _transport = new UdpTransport(
            new UdpTransportOptions
            {
                BindAddress = bind, Port = _options.UdpPort, AnnouncedAddresses = Announced(bind, _options),
                FanOutThread = _options.FanOutThread, BatchSends = _options.BatchSends,
            },
            new TransportRouter(), EgressImpairment, clock);
        Certificate = DtlsCertificate.Generate(timeProvider: clock);
        Rooms = new RoomRegistry(_transport.Drops, clock);
        Fingerprint = SdpFingerprint.TryParse(Certificate.Fingerprint, out var fingerprint, out var problem)
            ? fingerprint!
            : throw new InvalidOperationException("Our own certificate fingerprint does not parse: " + problem);
    }

    /// <summary>Our certificate's fingerprint as it goes into every SDP (RFC 8122).</summary>
    public SdpFingerprint Fingerprint { get; }

    /// <summary>Test-only hook to drop, delay or cap outgoing datagrams (issue #4 loss and bandwidth tests).</summary>
    public static IEgressImpairment? EgressImpairment { get; set; }

    public UdpTransport Transport => _transport;

    public DtlsCertificate Certificate { get; }

    public RoomRegistry Rooms { get; }

    public MediaServerOptions Options => _options;

    public TimeProvider Clock => _clock;

    public IceLiteOptions IceOptions => new() { ConsentTimeout = _options.ConsentTimeout };

    public DtlsOptions DtlsOptions => new() { HandshakeTimeout = _options.DtlsHandshakeTimeout };

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _transport.Start();
        if (_logger.IsEnabled(LogLevel.Information))
        {
            _logger.LogInformation(
                "Media UDP on {Local}, announcing {Announced}", _transport.LocalEndPoint, string.Join(", ", _transport.AnnouncedEndPoints));
        }
        _housekeeping = Task.WhenAll(
            Task.Run(() => HousekeepingAsync(_stopping.Token), CancellationToken.None),
            Task.Run(() => FeedbackAsync(_stopping.Token), CancellationToken.None));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return; // the host stops us, then disposing the container asks again
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_housekeeping is not null)
        {
            await _housekeeping.ConfigureAwait(false);
        }

        Rooms.CloseAll();
        await _transport.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private async Task HousekeepingAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.RtcpInterval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var room in Rooms.Rooms)
                {
                    RoomHousekeeping.Run(room, _options, _clock);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    // Loss feedback must be quick to be useful: a NACK answered after the jitter buffer gave up is wasted
    // (RFC 4585 §3.5.1 lets feedback go early). 40 ms is well under a video frame interval at 20 fps.
    private async Task FeedbackAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(40), _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var room in Rooms.Rooms)
                {
                    foreach (var participant in room.Participants)
                    {
                        if (!participant.Session.IsConnected)
                        {
                            continue;
                        }

                        uint mediaSsrc = 0;
                        foreach (var producer in participant.Producers)
                        {
                            producer.SendUpstreamFeedback();
                            mediaSsrc = mediaSsrc == 0 ? producer.Ssrc : mediaSsrc;
                        }

                        participant.Session.SendTransportFeedback(participant.RtcpSsrc, mediaSsrc);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private static List<IPAddress> Announced(IPAddress bind, MediaServerOptions options)
    {
        if (options.AnnouncedAddresses.Count > 0)
        {
            return options.AnnouncedAddresses.Select(IPAddress.Parse).ToList();
        }

        if (!bind.Equals(IPAddress.Any) && !bind.Equals(IPAddress.IPv6Any))
        {
            return [bind];
        }

        // Bound to the wildcard: offer every IPv4 address of every interface that is up, loopback last.
        var addresses = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork)
            .OrderBy(IPAddress.IsLoopback)
            .ToList();
        return addresses.Count > 0 ? addresses : [IPAddress.Loopback];
    }
}
