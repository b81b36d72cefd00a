namespace Messenger.MediaServer.Ice;

public sealed class IceLiteOptions
{
    /// <summary>RFC 7675 §5.1: consent is lost 30 s after the last proof of it.</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many remote addresses one session remembers as valid pairs. A browser offers a handful of
    /// candidates; the least recently confirmed one is forgotten when the table is full.
    /// </summary>
    public int MaxValidPairs { get; init; } = 8;
}
