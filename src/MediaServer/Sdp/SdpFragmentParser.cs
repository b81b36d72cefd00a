using System.Diagnostics.CodeAnalysis;

namespace Messenger.MediaServer.Sdp;

/// <summary>Parses trickle-ice-sdpfrag bodies with the same line grammar as full SDP, minus v=/o=/s=/t=.</summary>
public static class SdpFragmentParser
{
    public static bool TryParse(
        string text,
        [NotNullWhen(true)] out SdpFragment? fragment,
        [NotNullWhen(false)] out SdpError? error)
    {
        fragment = null;
        if (!SdpParser.TryParseCore(text, requireSessionHeader: false, out var description, out error))
        {
            return false;
        }

        var media = new List<SdpFragmentMedia>(description.Media.Count);
        for (var i = 0; i < description.Media.Count; i++)
        {
            var section = description.Media[i];
            if (section.Candidates.Count > 0 && section.Mid is null)
            {
                // RFC 8840 §9: candidates are matched to transports through a=mid; without it they are unusable.
                error = new SdpError(
                    SdpErrorCode.MissingAttribute, "a=mid", $"a=mid: m= section {i} carries candidates but has no a=mid");
                return false;
            }

            media.Add(new SdpFragmentMedia(
                section.Kind, section.Mid, i, section.IceUfrag, section.IcePwd, section.Candidates, section.EndOfCandidates));
        }

        fragment = new SdpFragment
        {
            IceUfrag = description.IceUfrag,
            IcePwd = description.IcePwd,
            IceOptions = description.IceOptions,
            Media = media,
        };
        return true;
    }
}
