using System.Globalization;
using Messenger.MediaServer.Hosting;
using Messenger.MediaServer.Sdp;
using Messenger.MediaServer.Session;
using Messenger.MediaServer.Whip;
using Messenger.MediaServer.Rtp;

namespace Messenger.MediaServer.RoomSignalling;

/// <summary>The outcome of answering a client's offer: the answer, and which sections started or stopped publishing.</summary>
public sealed record ClientOfferOutcome(string AnswerSdp, IReadOnlyList<SectionState> NewPublications, IReadOnlyList<SectionState> EndedPublications);

/// <summary>
/// Offer/answer state of one participant's single connection, in both directions: it answers the client's offers
/// (publishing) and writes the server's offers (subscriptions). It keeps at most one offer of ours in flight; a
/// client offer that crosses it is refused as glare and retried by the client (docs/protocol.md). Callers serialise
/// access (the room's signalling lock).
/// </summary>
public sealed class Negotiator(WebRtcSession session, MediaNode node)
{
    private readonly List<SectionState> _sections = [];
    private readonly Dictionary<string, int> _extensionIds = new(StringComparer.Ordinal)
    {
        // Chromium's own numbering, so that our first offer rarely renumbers anything the browser will use.
        [RtpExtensionUris.AudioLevel] = 1,
        [RtpExtensionUris.AbsSendTime] = 2,
        [RtpExtensionUris.TransportWideCc] = 3,
        [RtpExtensionUris.Mid] = 4,
        [RtpExtensionUris.Rid] = 10,
        [RtpExtensionUris.RepairedRid] = 11,
    };

    private const int DefaultRedPayloadType = 63;

    private static readonly SdpCodecCapability RedCodec = new("audio", "red", 48000, 2, []);

    private int _version;
    private int? _pendingOffer;
    private OfferMessage? _lastOffer;
    private int _nextServerMid;
    private bool _transportApplied;

    public IReadOnlyList<SectionState> Sections => _sections;

    public bool HasPendingOffer => _pendingOffer is not null;

    /// <summary>Our offer still waiting for an answer (sent again when a dropped client resumes), or null.</summary>
    public OfferMessage? PendingOffer => _pendingOffer is null ? null : _lastOffer;

    /// <summary>True when a subscription section is not yet agreed with the peer, so an offer is due.</summary>
    public bool NeedsOffer => _sections.Any(s => s.ServerSends && (s.Negotiated is null) == s.Active);

    /// <summary>Adds a subscription section for <paramref name="track"/>; it goes out with the next offer.</summary>
    public SectionState AddSubscription(string kind, SdpLocalTrack track, Routing.Producer producer)
    {
        var section = new SectionState("s" + (_nextServerMid++).ToString(CultureInfo.InvariantCulture), kind, serverSends: true)
        {
            Track = track,
            Producer = producer,
        };
        _sections.Add(section);
        return section;
    }

    public ClientOfferOutcome AnswerClientOffer(SessionDescription offer)
    {
        if (_pendingOffer is not null)
        {
            throw RoomErrors.Error(RoomErrors.Glare, "the server has an offer in flight; answer it, then publish again");
        }

        RestartIceIfAsked(offer);
        var tracks = _sections.Where(s => s.ServerSends && s.Active && s.Track is not null)
            .ToDictionary(s => s.Mid, s => s.Track!, StringComparer.Ordinal);
        var answerer = MediaCapabilities.Answerer(node, session.LocalUfrag, session.LocalPassword, tracks, "1", (ulong)++_version);
        if (!answerer.TryCreateAnswer(offer, out var answer, out var error))
        {
            throw RoomErrors.Error(RoomErrors.BadSdp, error.ToString());
        }

        ApplyTransport(answer.Session);
        foreach (var extmap in offer.Media.SelectMany(m => m.Extmaps))
        {
            _extensionIds[extmap.Uri] = extmap.Id;
        }

        var started = new List<SectionState>();
        var ended = new List<SectionState>();
        foreach (var media in answer.Session.Media)
        {
            var section = _sections.Find(s => s.Mid == media.Mid);
            var publishing = media.Direction is SdpDirection.RecvOnly or SdpDirection.SendRecv;
            if (section is null)
            {
                section = new SectionState(media.Mid, media.Kind, serverSends: false) { Active = false };
                _sections.Add(section);
            }

            section.Negotiated = media;
            if (!section.ServerSends && publishing != section.Active)
            {
                section.Active = publishing;
                (publishing ? started : ended).Add(section);
            }
        }

        // Publications whose section the new offer rejected (port 0) or dropped.
        foreach (var section in _sections.Where(s => !s.ServerSends && s.Active && answer.Session.FindMedia(s.Mid) is null))
        {
            section.Active = false;
            ended.Add(section);
        }

        return new ClientOfferOutcome(answer.Description.ToString(), started, ended);
    }

    /// <summary>Writes the server's offer for the current sections, or null if one is already in flight.</summary>
    public OfferMessage? CreateOffer()
    {
        if (_pendingOffer is not null)
        {
            return null;
        }

        var builder = new SdpOfferBuilder(new SdpOfferOptions
        {
            IceUfrag = session.LocalUfrag,
            IcePwd = session.LocalPassword,
            Fingerprint = node.Fingerprint,
            Candidates = node.Transport.AnnouncedEndPoints,
            SessionVersion = (ulong)++_version,
        });
        var offer = builder.Build(_sections.Select(DescribeForOffer).ToList());
        _pendingOffer = _version;
        _lastOffer = new OfferMessage(offer.ToString(), _version);
        return _lastOffer;
    }

    /// <summary>Applies the peer's answer to our offer; returns the subscription sections it accepted.</summary>
    public IReadOnlyList<SectionState> ApplyClientAnswer(SessionDescription answer, int version)
    {
        if (_pendingOffer != version)
        {
            throw RoomErrors.Error(RoomErrors.StaleAnswer, $"no offer with version {version} is waiting for an answer");
        }

        if (!RemoteTransport.TryRead(answer, out var negotiated, out var problem))
        {
            throw RoomErrors.Error(RoomErrors.BadSdp, problem!);
        }

        _pendingOffer = null;
        ApplyTransport(negotiated!);
        var accepted = new List<SectionState>();
        foreach (var section in _sections.Where(s => s.ServerSends))
        {
            var media = answer.FindMedia(section.Mid);
            var wasPending = section.Negotiated is null;
            section.Negotiated ??= section.Active && media is { IsRejected: false } ? Describe(section, media) : null;
            if (wasPending && section.Negotiated is not null)
            {
                accepted.Add(section);
            }
        }

        return accepted;
    }

    private void ApplyTransport(NegotiatedSession negotiated)
    {
        session.ApplyRemoteTransport(negotiated);
        session.Congestion.SetExtensionId(_extensionIds[RtpExtensionUris.TransportWideCc]);
        _transportApplied = true;
    }

    private void RestartIceIfAsked(SessionDescription offer)
    {
        var first = offer.Media.FirstOrDefault(m => !m.IsRejected);
        var ufrag = first?.IceUfrag ?? offer.IceUfrag;
        var pwd = first?.IcePwd ?? offer.IcePwd;
        if (_transportApplied && ufrag is not null && pwd is not null && ufrag != session.RemoteIceUfrag)
        {
            // RFC 8445 §9: new remote credentials mean an ICE restart; we answer with new ones of our own.
            session.RestartIce(ufrag, pwd);
        }
    }

    private SdpOfferMedia DescribeForOffer(SectionState section)
    {
        var direction = !section.Active ? SdpDirection.Inactive : section.ServerSends ? SdpDirection.SendOnly : SdpDirection.RecvOnly;
        var negotiated = section.Negotiated;
        var capability = MediaCapabilities.Codecs.First(c => c.Kind == section.Kind);
        var codec = negotiated is null
            ? new SdpOfferCodec(section.Kind == "audio" ? 111 : 96, capability, section.Kind == "video" ? 97 : null)
            : new SdpOfferCodec(negotiated.PayloadType, capability with { Feedback = negotiated.Feedback.Count > 0 ? negotiated.Feedback : capability.Feedback },
                negotiated.RtxPayloadType, negotiated.Fmtp);
        var extmaps = negotiated?.Extmaps.Select(e => e with { Direction = null }).ToList() ?? DefaultExtmaps(section.Kind);
        List<SdpOfferCodec> codecs = [codec];
        if (RedFor(section, negotiated) is { } redPt)
        {
            // RFC 2198 §5: red wrapping only our Opus, offered when the publisher sends red so it can be relayed as is.
            var primary = codec.PayloadType.ToString(CultureInfo.InvariantCulture);
            codecs.Add(new SdpOfferCodec(redPt, RedCodec, Fmtp: primary + "/" + primary));
        }

        return new SdpOfferMedia(section.Mid, section.Kind, section.ServerSends ? section.Track : null, codecs, extmaps, direction)
        {
            // Mirror the peer's simulcast so a re-offer from our side keeps all its layers flowing (RFC 8853 §5.3).
            Rids = negotiated?.Rids.Select(r => r with { Direction = RidDirection.Recv }).ToList() ?? [],
            Simulcast = negotiated?.Simulcast,
        };
    }

    /// <summary>
    /// The red payload type to offer: in a subscription section the one already agreed, or 63 (Chromium's) for a new
    /// section whose publisher negotiated red; in a section the client publishes on, the one its offer agreed, since
    /// a re-offer without it would take red away from the publisher (the browser sends only what the last
    /// negotiation allowed). Once a section is agreed without red it stays without.
    /// </summary>
    private static int? RedFor(SectionState section, NegotiatedMedia? negotiated) =>
        section.Kind != "audio" ? null
        : !section.ServerSends ? negotiated?.RedPayloadType
        : negotiated is not null ? negotiated.RedPayloadType
        : section.Producer?.RedPayloadType is not null ? DefaultRedPayloadType : null;

    // Video sections carry rid and repaired-rid even though we send no simulcast: once Chromium has answered an offer
    // without them, a simulcast section it offers later leaves them out and its own setLocalDescription fails.
    private List<SdpExtmap> DefaultExtmaps(string kind)
    {
        var uris = kind == "audio"
            ? new[] { RtpExtensionUris.AudioLevel, RtpExtensionUris.AbsSendTime, RtpExtensionUris.TransportWideCc, RtpExtensionUris.Mid }
            : [RtpExtensionUris.AbsSendTime, RtpExtensionUris.TransportWideCc, RtpExtensionUris.Mid, RtpExtensionUris.Rid, RtpExtensionUris.RepairedRid];
        return uris.Where(u => MediaCapabilities.HeaderExtensions.Contains(u))
            .Select(u => new SdpExtmap(_extensionIds[u], u)).ToList();
    }

    private NegotiatedMedia Describe(SectionState section, MediaDescription answered)
    {
        var offered = DescribeForOffer(section);
        var codec = offered.Codecs[0];
        return new NegotiatedMedia
        {
            Mid = section.Mid,
            Kind = section.Kind,
            Direction = SdpDirection.SendOnly,
            CodecName = codec.Codec.Name,
            PayloadType = codec.PayloadType,
            RtxPayloadType = answered.RtpMaps.Any(r => r.PayloadType == codec.RtxPayloadType) ? codec.RtxPayloadType : null,
            RedPayloadType = offered.Codecs.Skip(1).FirstOrDefault(c => c.Codec == RedCodec) is { } red
                && answered.RtpMaps.Any(r => r.PayloadType == red.PayloadType) ? red.PayloadType : null,
            ClockRate = codec.Codec.ClockRate,
            Channels = codec.Codec.Channels,
            Feedback = codec.Codec.Feedback,
            Extmaps = answered.Extmaps.Count > 0 ? answered.Extmaps : offered.Extmaps,
            LocalTrack = section.Track,
        };
    }
}
