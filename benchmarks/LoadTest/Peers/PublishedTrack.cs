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

    // The clip's VP8 PictureIDs run 0..N-1; each loop continues after the last one (RFC 7741 §4.2: PictureID
    // increases by one per frame), else an SFU that rewrites PictureIDs sees the stream jump back 20 s and rightly
    // refuses those frames as stale (issue #8: 6 % of video "missing" in 20 s windows, with no sequence gaps).
    private readonly int _pictureIdsPerLoop = script.Kind == "video" ? CountPictureIds(script) : 0;

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
    /// <param name="pictureIdOffset">What to add to the packet's VP8 PictureID (mod 2^15) so IDs keep increasing.</param>
    public bool TryTakeDue(long elapsedMicros, out ScriptedPacket packet, out uint rtpTimestamp, out int pictureIdOffset)
    {
        packet = script.Packets[_index];
        pictureIdOffset = (int)(((long)_loop * _pictureIdsPerLoop) & 0x7FFF);
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

    /// <summary>Highest 15-bit PictureID in the clip + 1 (the packetiser numbers frames from 0).</summary>
    private static int CountPictureIds(TrackScript script)
    {
        var highest = -1;
        foreach (var packet in script.Packets)
        {
            if (Vp8PictureId.TryRead(packet.Payload, out var pictureId))
            {
                highest = Math.Max(highest, pictureId);
            }
        }

        return highest + 1;
    }
}
