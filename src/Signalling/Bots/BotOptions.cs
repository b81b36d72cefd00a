using Messenger.ChatCore.Bots;

namespace Messenger.Signalling.Bots;

/// <summary>Settings under "Messenger:Bots" (the README lists each; docs/bots.md explains them).</summary>
public sealed class BotOptions
{
    public const string Section = "Messenger:Bots";

    /// <summary>Messages a second one bot may send over all its chats (Telegram: about 30).</summary>
    public double GlobalPerSecond { get; set; } = 30;

    public int GlobalBurst { get; set; } = 30;

    /// <summary>Messages a second one bot may send to one chat (Telegram: 1), with a small burst on top.</summary>
    public double ChatPerSecond { get; set; } = 1;

    public int ChatBurst { get; set; } = 3;

    /// <summary>Longest getUpdates long poll in seconds; longer requested timeouts are cut to this.</summary>
    public int MaxLongPollSeconds { get; set; } = 50;

    /// <summary>Attempts at delivering one update to a webhook before it is dropped.</summary>
    public int WebhookMaxAttempts { get; set; } = 5;

    /// <summary>Wait after the first failed delivery; it doubles with each further failure up to <see cref="WebhookRetryMax"/>.</summary>
    public TimeSpan WebhookRetryBase { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan WebhookRetryMax { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Accept http:// webhook URLs (tests, a bot beside the server); otherwise only https, as Telegram.</summary>
    public bool AllowInsecureWebhooks { get; set; }

    /// <summary>
    /// Let webhooks reach loopback and private addresses (a bot on the same host or LAN, tests). Off by default, so
    /// a bot's owner cannot make the server call into its own network (<see cref="WebhookAddressPolicy"/>).
    /// </summary>
    public bool AllowPrivateWebhookAddresses { get; set; }

    public BotRateLimits RateLimits => new(GlobalPerSecond, GlobalBurst, ChatPerSecond, ChatBurst);

    /// <summary>Backoff after <paramref name="failures"/> failed attempts: base · 2^(failures-1), capped.</summary>
    public TimeSpan RetryDelay(int failures)
    {
        var factor = Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(WebhookRetryBase.Ticks * factor, WebhookRetryMax.Ticks));
        return delay;
    }
}
