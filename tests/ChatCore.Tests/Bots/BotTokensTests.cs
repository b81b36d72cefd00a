using Messenger.ChatCore.Bots;

namespace Messenger.ChatCore.Tests.Bots;

public sealed class BotTokensTests
{
    [Fact]
    public void A_token_names_its_bot_and_matches_only_its_own_hash()
    {
        var token = BotTokens.Create("0195a1b2c3d4");
        var other = BotTokens.Create("0195a1b2c3d4");

        Assert.StartsWith("0195a1b2c3d4:", token, StringComparison.Ordinal);
        Assert.NotEqual(token, other);
        Assert.Equal("0195a1b2c3d4", BotTokens.BotIdOf(token));
        Assert.True(BotTokens.Matches(token, BotTokens.Hash(token)));
        Assert.False(BotTokens.Matches(other, BotTokens.Hash(token)));
        Assert.Equal(64, BotTokens.Hash(token).Length); // hex SHA-256, never the token itself
        Assert.DoesNotContain(token.Split(':')[1], BotTokens.Hash(token), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("nocolon")]
    [InlineData(":secret")]
    [InlineData("bot:")]
    [InlineData("a:b:c")]
    public void Malformed_tokens_name_no_bot(string? token) => Assert.Null(BotTokens.BotIdOf(token));
}
