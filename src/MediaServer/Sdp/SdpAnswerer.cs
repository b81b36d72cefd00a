using System.Diagnostics.CodeAnalysis;

namespace Messenger.MediaServer.Sdp;

/// <summary>
/// Builds the SFU's answer to a browser's offer (RFC 8829 §5.3 subset): ICE-lite, one BUNDLE transport
/// (RFC 8843) with rtcp-mux (RFC 5761), the first supported codec per section with the offerer's payload types,
/// intersected header extensions and feedback, reversed directions and simulcast (RFC 8853). Problems that make the
/// whole offer unusable come back as an <see cref="SdpError"/>; a single unusable section is rejected with port 0.
/// </summary>
public sealed class SdpAnswerer
{
    private readonly SdpAnswererOptions _options;

    public SdpAnswerer(SdpAnswererOptions options)
    {
        _options = options;
    }

    public bool TryCreateAnswer(
        SessionDescription offer,
        [NotNullWhen(true)] out SdpAnswer? answer,
        [NotNullWhen(false)] out SdpError? error)
    {
        answer = null;
        var bundle = offer.BundleGroup;
        var choices = new SdpCodecChoice?[offer.Media.Count];
        var accepted = new List<MediaDescription>();
        for (var i = 0; i < offer.Media.Count; i++)
        {
            var media = offer.Media[i];
            if (media.IsRejected || media.Kind is not ("audio" or "video"))
            {
                continue;
            }

            if (media.Mid is null)
            {
                // Unified Plan (RFC 8829 §5.2.1) gives every section a mid; BUNDLE and RTP demux depend on it.
                error = new SdpError(
                    SdpErrorCode.MissingAttribute, "a=mid", $"offer {media.Kind} section {i} has no a=mid");
                return false;
            }

            if (bundle is not null && !bundle.Mids.Contains(media.Mid))
            {
                continue;
            }

            choices[i] = SdpMediaAnswerer.ChooseCodec(media, _options.Codecs);
            if (choices[i] is not null)
            {
                accepted.Add(media);
            }
        }

        if (accepted.Count == 0)
        {
            error = NoCodecError(offer);
            return false;
        }

        if (!TryValidateTransport(offer, accepted, out var transport, out error))
        {
            return false;
        }

        var description = new SessionDescription
        {
            Origin = new SdpOrigin("-", _options.SessionId, _options.SessionVersion, "IN", "IP4", "127.0.0.1"),
            IceLite = true,
            ExtmapAllowMixed = offer.ExtmapAllowMixed,
        };
        var negotiated = new List<NegotiatedMedia>();
        var mids = new List<string>();
        for (var i = 0; i < offer.Media.Count; i++)
        {
            if (choices[i] is not { } choice)
            {
                description.Media.Add(SdpLocalMedia.Rejected(offer.Media[i]));
                continue;
            }

            var (media, summary) = SdpMediaAnswerer.Answer(offer.Media[i], choice, _options, transport.LocalSetup);
            description.Media.Add(media);
            negotiated.Add(summary);
            mids.Add(summary.Mid);
        }

        if (bundle is not null)
        {
            description.Groups.Add(new SdpGroup("BUNDLE", mids));
        }

        answer = new SdpAnswer(description, new NegotiatedSession
        {
            RemoteIceUfrag = transport.Ufrag,
            RemoteIcePwd = transport.Pwd,
            RemoteFingerprint = transport.Fingerprint,
            RemoteSetup = transport.RemoteSetup,
            LocalSetup = transport.LocalSetup,
            BundleMids = mids,
            Media = negotiated,
        });
        return true;
    }

    private sealed record RemoteTransport(
        string Ufrag, string Pwd, SdpFingerprint Fingerprint, SdpSetupRole RemoteSetup, SdpSetupRole LocalSetup);

    /// <summary>
    /// Everything accepted shares one ICE/DTLS transport, so the offer must carry one set of ICE credentials, a
    /// certificate fingerprint (RFC 8827 §6.5) and rtcp-mux on every section (RFC 8829 §4.1.13, policy "require").
    /// Credentials and fingerprint come from the first accepted section or the session level (RFC 8843 §7.1.3).
    /// </summary>
    private bool TryValidateTransport(
        SessionDescription offer,
        List<MediaDescription> accepted,
        [NotNullWhen(true)] out RemoteTransport? transport,
        [NotNullWhen(false)] out SdpError? error)
    {
        transport = null;
        if (offer.BundleGroup is null && accepted.Count > 1)
        {
            error = new SdpError(
                SdpErrorCode.Unsupported, "a=group",
                "offer has no a=group:BUNDLE; the SFU carries all media on one transport (RFC 8843)");
            return false;
        }

        var tag = accepted[0];
        var ufrag = tag.IceUfrag ?? offer.IceUfrag;
        var pwd = tag.IcePwd ?? offer.IcePwd;
        if (ufrag is null || pwd is null)
        {
            var field = ufrag is null ? "a=ice-ufrag" : "a=ice-pwd";
            error = new SdpError(
                SdpErrorCode.MissingAttribute, field, $"offer has no {field} for the BUNDLE transport (mid {tag.Mid})");
            return false;
        }

        foreach (var media in accepted)
        {
            if (!media.RtcpMux)
            {
                error = new SdpError(
                    SdpErrorCode.MissingAttribute, "a=rtcp-mux",
                    $"offer section mid {media.Mid} has no a=rtcp-mux; the SFU requires RTP/RTCP multiplexing (RFC 5761)");
                return false;
            }

            if (media.IceUfrag is not null && !string.Equals(media.IceUfrag, ufrag, StringComparison.Ordinal))
            {
                error = new SdpError(
                    SdpErrorCode.Unsupported, "a=ice-ufrag",
                    $"offer section mid {media.Mid} has a=ice-ufrag '{media.IceUfrag}' different from '{ufrag}' of the BUNDLE transport");
                return false;
            }
        }

        var fingerprint = PickFingerprint(tag.Fingerprints) ?? PickFingerprint(offer.Fingerprints);
        if (fingerprint is null)
        {
            error = new SdpError(
                SdpErrorCode.MissingAttribute, "a=fingerprint", $"offer has no a=fingerprint (mid {tag.Mid})");
            return false;
        }

        // RFC 5763 §5 says offers use actpass; an absent a=setup is treated the same way.
        var remoteSetup = tag.Setup ?? offer.Setup ?? SdpSetupRole.ActPass;
        SdpSetupRole localSetup;
        switch (remoteSetup)
        {
            case SdpSetupRole.Active:
                localSetup = SdpSetupRole.Passive;
                break;
            case SdpSetupRole.Passive:
                localSetup = SdpSetupRole.Active;
                break;
            case SdpSetupRole.ActPass:
                localSetup = _options.ActPassAnswer == SdpSetupRole.Active ? SdpSetupRole.Active : SdpSetupRole.Passive;
                break;
            default:
                error = new SdpError(
                    SdpErrorCode.Unsupported, "a=setup", "offer has a=setup:holdconn; the SFU needs a DTLS connection now");
                return false;
        }

        transport = new RemoteTransport(ufrag, pwd, fingerprint, remoteSetup, localSetup);
        error = null;
        return true;
    }

    /// <summary>sha-256 when offered (every browser sends it), otherwise the first one.</summary>
    private static SdpFingerprint? PickFingerprint(List<SdpFingerprint> fingerprints)
    {
        foreach (var fingerprint in fingerprints)
        {
            if (string.Equals(fingerprint.Algorithm, "sha-256", StringComparison.Ordinal))
            {
                return fingerprint;
            }
        }

        return fingerprints.Count > 0 ? fingerprints[0] : null;
    }

    /// <summary>"offer has no Opus or VP8 codec (offered: H264, rtx)" so the caller can tell the user why.</summary>
    private SdpError NoCodecError(SessionDescription offer)
    {
        var wanted = new List<string>();
        foreach (var codec in _options.Codecs)
        {
            var name = codec.Name.Length > 0 ? char.ToUpperInvariant(codec.Name[0]) + codec.Name[1..] : codec.Name;
            if (!wanted.Contains(name))
            {
                wanted.Add(name);
            }
        }

        var offered = new List<string>();
        foreach (var media in offer.Media)
        {
            foreach (var map in media.RtpMaps)
            {
                if (!offered.Contains(map.EncodingName))
                {
                    offered.Add(map.EncodingName);
                }
            }
        }

        var offeredText = offered.Count > 0 ? string.Join(", ", offered) : "none";
        return new SdpError(
            SdpErrorCode.NoSupportedCodec, "a=rtpmap",
            $"offer has no {string.Join(" or ", wanted)} codec (offered: {offeredText})");
    }
}
