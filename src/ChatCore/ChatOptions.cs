namespace Messenger.ChatCore;

/// <summary>
/// Limits of the chat half, bound from the "Messenger:Chat" configuration section (README lists each setting).
/// </summary>
public sealed class ChatOptions
{
    public const string Section = "Messenger:Chat";

    /// <summary>Longest message text in UTF-16 code units; Telegram's limit is 4,096.</summary>
    public int MaxMessageLength { get; set; } = 4096;

    /// <summary>Members a group may hold; 200,000 as in Telegram's supergroups. Channels are unbounded.</summary>
    public int MaxGroupMembers { get; set; } = 200_000;

    public int MaxTitleLength { get; set; } = 128;

    /// <summary>Messages a user may send in a burst before the per-second rate applies.</summary>
    public int SendBurst { get; set; } = 30;

    /// <summary>Sustained messages per second per user (token bucket refill rate).</summary>
    public int SendPerSecond { get; set; } = 10;

    /// <summary>
    /// Read receipts of a group go to every member only while it has at most this many members; above it they go to
    /// the reader's own devices, so a read in a huge group doesn't fan out to everyone.
    /// </summary>
    public int SharedReceiptsMaxMembers { get; set; } = 100;

    /// <summary>Largest upload; larger ones get 413.</summary>
    public long MaxAttachmentBytes { get; set; } = 20 * 1024 * 1024;

    public int MaxAttachmentsPerMessage { get; set; } = 10;

    public TimeSpan MaxVoiceNoteDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Folder of the content-addressed blob store; the host defaults it to "blobs" under the data folder.</summary>
    public string BlobPath { get; set; } = "";
}
