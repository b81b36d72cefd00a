using Messenger.LoadTest.Media;
using Messenger.LoadTest.Peers;

namespace Messenger.LoadTest.Tests;

/// <summary>A looping clip keeps its VP8 PictureIDs increasing (RFC 7741 §4.2), as one live encoder would.</summary>
public sealed class PublishedTrackTests
{
    [Fact]
    public void Each_loop_continues_the_picture_ids_after_the_last_one()
    {
        // Three frames of one packet each, 33 ms apart, PictureIDs 0..2, in a 100 ms clip.
        var packets = Enumerable.Range(0, 3).Select(frame =>
        {
            var payloads = new List<byte[]>();
            Vp8Packetizer.Packetize(new byte[] { 0x10, 0x02, 0x00 }, (ushort)frame, 1000, payloads);
            return new ScriptedPacket(frame * 33_000L, (uint)(frame * 3000), true, payloads[0]);
        }).ToList();
        var track = new PublishedTrack(new TrackScript("video", 90_000, 100_000, packets), 1234, "0");

        var picture = new List<int>();
        var elapsed = 0L;
        while (picture.Count < 7)
        {
            while (track.TryTakeDue(elapsed, out var packet, out _, out var offset))
            {
                var payload = packet.Payload.ToArray();
                Assert.True(Vp8PictureId.TryAdd(payload, offset));
                Assert.True(Vp8PictureId.TryRead(payload, out var id));
                picture.Add(id);
            }

            elapsed += 10_000;
        }

        Assert.Equal([0, 1, 2, 3, 4, 5, 6], picture.Take(7));
    }

    [Theory]
    [InlineData(5, 3, 8)]
    [InlineData(0x7FFE, 3, 1)] // 15-bit wrap
    public void Adding_to_a_picture_id_wraps_at_15_bits(int id, int offset, int expected)
    {
        var payload = new byte[] { 0x90, 0x80, (byte)(0x80 | (id >> 8)), (byte)id, 0x9D };
        Assert.True(Vp8PictureId.TryAdd(payload, offset));
        Assert.True(Vp8PictureId.TryRead(payload, out var shifted));
        Assert.Equal(expected, shifted);
        Assert.Equal(0x9D, payload[4]); // the VP8 payload after the descriptor is untouched
    }

    [Fact]
    public void A_payload_without_a_long_picture_id_is_left_alone()
    {
        var payload = new byte[] { 0x10, 0x9D, 0x01, 0x2A };
        Assert.False(Vp8PictureId.TryAdd(payload, 3));
        Assert.Equal(new byte[] { 0x10, 0x9D, 0x01, 0x2A }, payload);
    }
}
