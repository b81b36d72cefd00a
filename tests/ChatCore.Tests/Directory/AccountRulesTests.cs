using Messenger.ChatCore.Directory;

namespace Messenger.ChatCore.Tests.Directory;

public sealed class AccountRulesTests
{
    [Theory]
    [InlineData("abc", true)]
    [InlineData("a.b_c9", true)]
    [InlineData("ABC", true)] // normalised to lower case first
    [InlineData("  padded  ", true)]
    [InlineData("ab", false)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", false)] // 33 characters
    [InlineData("abcdefghijklmnopqrstuvwxyz012345", true)] // 32 characters
    [InlineData("has-dash", false)]
    [InlineData("has space", false)]
    [InlineData("ünïcode", false)]
    [InlineData("", false)]
    public void Username_rules(string input, bool valid)
    {
        var normalized = AccountRules.NormalizeUsername(input);
        var error = AccountRules.CheckUsername(normalized);
        Assert.Equal(valid, error is null);
        if (!valid)
        {
            Assert.Equal("username", error!.Field);
            Assert.Equal(DirectoryErrorKind.Validation, error.Kind);
        }
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("1234567", false)]
    [InlineData("12345678", true)]
    public void Password_needs_eight_characters(string? password, bool valid) =>
        Assert.Equal(valid, AccountRules.CheckPassword(password) is null);
}
