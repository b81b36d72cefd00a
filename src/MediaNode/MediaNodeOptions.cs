namespace Messenger.MediaServer.Standalone;

/// <summary>The settings only a standalone media node has; everything else is the usual <c>Media:*</c> section.</summary>
public sealed class MediaNodeOptions
{
    public const string Section = "MediaNode";

    /// <summary>
    /// PEM file with the main host's token key: its public half (SPKI, from <c>GET /api/media/public-key</c>) or,
    /// accepted for convenience, the host's PKCS#8 private key, of which only the public half is kept.
    /// </summary>
    public string? PublicKeyPemPath { get; set; }

    /// <summary>The <c>iss</c> the host puts in its tokens (the host's <c>Messenger:TokenIssuer</c>).</summary>
    public string TokenIssuer { get; set; } = "messenger";
}
