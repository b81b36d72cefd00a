using Messenger.LoadTest.Media;

namespace Messenger.LoadTest.Peers;

/// <summary>
/// One stream a publisher sends: its clip, SSRC, payload type and mid (carried in the RFC 8843 mid extension), and
/// for a simulcast encoding its rid (RFC 8852, carried in the rtp-stream-id extension); the encodings of one
/// simulcast track share the mid.
/// </summary>
public sealed class PublishedTrack(TrackScript script, uint ssrc, string mid, string? rid = null)
{
    private readonly uint _timestampBase = (uint)Random.Shared.Next();
    private int _index;
    private int _loop;

    public TrackScript Script => script;

    public uint Ssrc => ssrc;

    public string Mid => mid;

    public byte[] MidBytes { get; } = System.Text.Encoding.ASCII.GetBytes(mid);

    public string? Rid => rid;

    public byte[]? RidBytes { get; } = rid is null ? null : System.Text.Encoding.ASCII.GetBytes(rid);

    public byte PayloadType { get; set; } = script.Kind == "video" ? (byte)96 : (byte)111;

    public ushort NextSequence { get; set; } = (ushort)Random.Shared.Next();

    public long PacketsSent;

    /// <summary>The next packet, if it is due <paramref name="elapsedMicros"/> into the run.</summary>
    public bool TryTakeDue(long elapsedMicros, out ScriptedPacket packet, out uint rtpTimestamp)
    {
        packet = script.Packets[_index];
        var due = packet.SendAtMicros + (_loop * script.DurationMicros);
        rtpTimestamp = unchecked(_timestampBase + packet.RtpTimestamp + (uint)_loop * script.DurationTicks);
        if (due > elapsedMicros)
        {
            return false;
        }

        if (++_index == script.Packets.Count)
        {
            _index = 0;
            _loop++;
        }

        return true;
    }
}
