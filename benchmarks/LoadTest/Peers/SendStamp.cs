using System.Buffers.Binary;
using System.Diagnostics;

namespace Messenger.LoadTest.Peers;

/// <summary>
/// The send time rides in the last 8 bytes of each payload (the sender and receivers share this process, so one
/// Stopwatch serves both). Servers rewrite headers, picture ids and timestamps, but never a payload's tail; the
/// payload descriptor and Opus TOC at the front stay intact for them.
/// </summary>
public static class SendStamp
{
    public const int Length = 8;

    /// <summary>Payloads shorter than this keep their bytes: the stamp must not reach the VP8 descriptor or TOC.</summary>
    public const int MinPayload = 24;

    public static void Write(Span<byte> payload, long timestamp)
    {
        if (payload.Length >= MinPayload)
        {
            BinaryPrimitives.WriteInt64LittleEndian(payload[^Length..], timestamp);
        }
    }

    /// <summary>The stamp, if the payload has one that falls inside the run (anything else is media bytes).</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, long runStart, long now, out long timestamp)
    {
        timestamp = 0;
        if (payload.Length < MinPayload)
        {
            return false;
        }

        timestamp = BinaryPrimitives.ReadInt64LittleEndian(payload[^Length..]);
        return timestamp >= runStart && timestamp <= now;
    }

    public static long Now() => Stopwatch.GetTimestamp();
}
