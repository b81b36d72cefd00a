using Messenger.MediaServer.Sdp;

namespace Messenger.MediaServer.RoomSignalling;

/// <summary>Reads the peer's transport parameters out of an answer to our offer (BUNDLE: one set for all).</summary>
internal static class RemoteTransport
{
    public static bool TryRead(SessionDescription answer, out NegotiatedSession? negotiated, out string? problem)
    {
        negotiated = null;
        var first = answer.Media.FirstOrDefault(m => !m.IsRejected);
        var ufrag = first?.IceUfrag ?? answer.IceUfrag;
        var pwd = first?.IcePwd ?? answer.IcePwd;
        var fingerprint = first?.Fingerprints.FirstOrDefault() ?? answer.Fingerprints.FirstOrDefault();
        var setup = first?.Setup ?? answer.Setup ?? SdpSetupRole.Active;
        problem = ufrag is null || pwd is null ? "the answer has no ICE credentials"
            : fingerprint is null ? "the answer has no DTLS fingerprint"
            : setup == SdpSetupRole.ActPass ? "an answer must not say a=setup:actpass (RFC 5763 §5)"
            : null;
        if (problem is not null)
        {
            return false;
        }

        negotiated = new NegotiatedSession
        {
            RemoteIceUfrag = ufrag!,
            RemoteIcePwd = pwd!,
            RemoteFingerprint = fingerprint!,
            RemoteSetup = setup,
            // Their active makes us the DTLS server; their passive makes us the client.
            LocalSetup = setup == SdpSetupRole.Passive ? SdpSetupRole.Active : SdpSetupRole.Passive,
        };
        return true;
    }
}
