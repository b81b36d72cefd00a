namespace Messenger.ChatCore;

/// <summary>Reading the clock at the precision the store keeps.</summary>
public static class StoredClock
{
    /// <summary>
    /// Now, truncated to whole milliseconds: the store keeps Unix milliseconds, so a time handed back straight after a
    /// write (a send's sentAt, say) must equal what a later read or sync returns for the same record. With the clock's
    /// full precision the first answer and the stored one differed by up to a millisecond.
    /// </summary>
    public static DateTimeOffset GetUtcNowMs(this TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
