namespace Messenger.MediaServer.Sdp;

/// <summary>An SSRC the remote side announced with a=ssrc (RFC 5576 §4.1), with its cname/msid when given.</summary>
public sealed record NegotiatedSsrc(uint Ssrc, string? Cname, string? Msid);

/// <summary>What one accepted m= section settled on, from the SFU's point of view.</summary>
public sealed class NegotiatedMedia
{
    public required string Mid { get; init; }

    public required string Kind { get; init; }

    /// <summary>The SFU's direction as written in the answer: recvonly means the remote peer publishes.</summary>
    public required SdpDirection Direction { get; init; }

    public required string CodecName { get; init; }

    /// <summary>The offerer's payload type number, kept in the answer (RFC 3264 §6.1).</summary>
    public required int PayloadType { get; init; }

    public int? RtxPayloadType { get; init; }

    /// <summary>RED (RFC 2198) payload type wrapping <see cref="PayloadType"/>, when red was agreed alongside it.</summary>
    public int? RedPayloadType { get; init; }

    public required int ClockRate { get; init; }

    public int? Channels { get; init; }

    public string? Fmtp { get; init; }

    /// <summary>Agreed rtcp-fb kinds: "nack", "nack pli", "ccm fir", "goog-remb", "transport-cc".</summary>
    public IReadOnlyList<string> Feedback { get; init; } = [];

    /// <summary>Agreed header extensions with the offerer's ids (RFC 8285 §7).</summary>
    public IReadOnlyList<SdpExtmap> Extmaps { get; init; } = [];

    /// <summary>Rids the remote peer will send (simulcast layers, RFC 8851); empty without simulcast.</summary>
    public IReadOnlyList<SdpRid> Rids { get; init; } = [];

    /// <summary>The answer's a=simulcast (recv side from the SFU's point of view), or null.</summary>
    public SdpSimulcast? Simulcast { get; init; }

    /// <summary>SSRCs the offer announced (a=ssrc); Firefox and Chrome send them except with rid-based simulcast.</summary>
    public IReadOnlyList<NegotiatedSsrc> RemoteSsrcs { get; init; } = [];

    /// <summary>a=ssrc-group:FID pairs: primary SSRC to its rtx SSRC (RFC 4588 §8.7).</summary>
    public IReadOnlyList<KeyValuePair<uint, uint>> RemoteRtxSsrcs { get; init; } = [];

    /// <summary>a=ssrc-group:SIM SSRCs (legacy SSRC-based simulcast), lowest layer first.</summary>
    public IReadOnlyList<uint> RemoteSimulcastSsrcs { get; init; } = [];

    public SdpMsid? RemoteMsid { get; init; }

    /// <summary>The track the SFU announced for sending in this section, if any.</summary>
    public SdpLocalTrack? LocalTrack { get; init; }

    /// <summary>Id of a header extension by URI, or null when it was not agreed.</summary>
    public int? ExtensionId(string uri)
    {
        foreach (var extmap in Extmaps)
        {
            if (string.Equals(extmap.Uri, uri, StringComparison.Ordinal))
            {
                return extmap.Id;
            }
        }

        return null;
    }
}

/// <summary>The transport-level outcome of a negotiation: what ICE and DTLS need, plus each accepted section.</summary>
public sealed class NegotiatedSession
{
    public required string RemoteIceUfrag { get; init; }

    public required string RemoteIcePwd { get; init; }

    public required SdpFingerprint RemoteFingerprint { get; init; }

    public required SdpSetupRole RemoteSetup { get; init; }

    /// <summary>The SFU's a=setup in the answer.</summary>
    public required SdpSetupRole LocalSetup { get; init; }

    /// <summary>True when the SFU must start the DTLS handshake (it answered a=setup:active).</summary>
    public bool IsDtlsClient => LocalSetup == SdpSetupRole.Active;

    /// <summary>Mids sharing the single transport, in offer order (RFC 8843 §7.3).</summary>
    public IReadOnlyList<string> BundleMids { get; init; } = [];

    public IReadOnlyList<NegotiatedMedia> Media { get; init; } = [];

    public NegotiatedMedia? FindMedia(string mid)
    {
        foreach (var media in Media)
        {
            if (string.Equals(media.Mid, mid, StringComparison.Ordinal))
            {
                return media;
            }
        }

        return null;
    }
}

/// <summary>An answer ready to send and the summary the transport is configured from.</summary>
public sealed record SdpAnswer(SessionDescription Description, NegotiatedSession Session);
