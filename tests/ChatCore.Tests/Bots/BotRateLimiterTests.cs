using Messenger.ChatCore.Bots;

namespace Messenger.ChatCore.Tests.Bots;

public sealed class BotRateLimiterTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_chat_gets_its_burst_then_one_a_second()
    {
        var clock = new ManualClock(Start);
        var limiter = new BotRateLimiter(new BotRateLimits(GlobalPerSecond: 30, GlobalBurst: 30, ChatPerSecond: 1, ChatBurst: 3), clock);

        Assert.All(Enumerable.Range(0, 3), _ => Assert.Null(limiter.TryAcquire("bot", "chat")));
        var wait = limiter.TryAcquire("bot", "chat");
        Assert.Equal(TimeSpan.FromSeconds(1), wait);

        // Another chat has its own bucket.
        Assert.Null(limiter.TryAcquire("bot", "other"));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(limiter.TryAcquire("bot", "chat"));
        Assert.NotNull(limiter.TryAcquire("bot", "chat"));
    }

    [Fact]
    public void The_global_limit_spans_chats_and_a_refusal_takes_no_token()
    {
        var clock = new ManualClock(Start);
        var limiter = new BotRateLimiter(new BotRateLimits(GlobalPerSecond: 2, GlobalBurst: 2, ChatPerSecond: 1, ChatBurst: 1), clock);

        Assert.Null(limiter.TryAcquire("bot", "a"));
        Assert.NotNull(limiter.TryAcquire("bot", "a")); // chat a is empty; the global token must not be spent
        Assert.Null(limiter.TryAcquire("bot", "b"));
        var wait = limiter.TryAcquire("bot", "c");
        Assert.Equal(TimeSpan.FromSeconds(0.5), wait);

        // Other bots are not affected.
        Assert.Null(limiter.TryAcquire("other-bot", "c"));
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.25, 0)]
    [InlineData(1.0, 1)]
    [InlineData(10.0, 2)]
    public void A_bucket_refills_at_its_rate_up_to_its_burst(double seconds, int expectedTokens)
    {
        var clock = new ManualClock(Start);
        var bucket = new TokenBucket(1, 2, clock.GetUtcNow());
        bucket.Take(clock.GetUtcNow());
        bucket.Take(clock.GetUtcNow());
        clock.Advance(TimeSpan.FromSeconds(seconds));

        var taken = 0;
        while (bucket.WaitFor(clock.GetUtcNow()) == TimeSpan.Zero)
        {
            bucket.Take(clock.GetUtcNow());
            taken++;
        }

        Assert.Equal(expectedTokens, taken);
    }
}
