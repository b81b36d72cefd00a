using System.Text.Json.Serialization;
using Messenger.ChatCore.Sync;

namespace Messenger.ChatCore.Attachments;

[JsonConverter(typeof(CamelCaseEnumConverter<AttachmentKind>))]
public enum AttachmentKind
{
    File = 1,
    Image = 2,
    Voice = 3,
}

/// <summary>
/// The content type from the file's own first bytes (its magic number), never from what the client claims, so a
/// script uploaded as "image/png" is served as application/octet-stream.
/// </summary>
public static class ContentSniffer
{
    public const int HeadLength = 16;
    public const string OctetStream = "application/octet-stream";
    public const string Ogg = "audio/ogg";
    public const string Webm = "audio/webm";

    private static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> Ebml => [0x1A, 0x45, 0xDF, 0xA3];

    public static string Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(Png))
        {
            return "image/png";
        }

        if (head.StartsWith(Jpeg))
        {
            return "image/jpeg";
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        if (head.StartsWith("OggS"u8))
        {
            return Ogg;
        }

        // EBML magic (RFC 8794); Matroska and WebM share it, and voice notes are told apart by their codec later.
        if (head.StartsWith(Ebml))
        {
            return Webm;
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        if (head.Length >= 8 && head[4..8].SequenceEqual("ftyp"u8))
        {
            return "video/mp4";
        }

        return head.StartsWith("PK\x03\x04"u8) ? "application/zip" : OctetStream;
    }

    public static AttachmentKind KindOf(string contentType) =>
        contentType.StartsWith("image/", StringComparison.Ordinal) ? AttachmentKind.Image : AttachmentKind.File;
}
