namespace Messenger.MediaServer.Srtp;

/// <summary>
/// What one direction of a context remembers about one SSRC. Outbound uses <see cref="Rtp"/> only for its highest
/// index (to derive the ROC of each packet, retransmissions included) and <see cref="NextSrtcpIndex"/>; inbound uses
/// both windows for replay protection.
/// </summary>
internal struct SrtpStreamState
{
    public SrtpReplayWindow Rtp;
    public SrtpReplayWindow Rtcp;
    public uint NextSrtcpIndex;
}
