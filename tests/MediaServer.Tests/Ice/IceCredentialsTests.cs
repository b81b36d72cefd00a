using Messenger.MediaServer.Ice;

namespace Messenger.MediaServer.Tests.Ice;

public sealed class IceCredentialsTests
{
    [Fact]
    public void Generate_MeetsRfc8839LengthsAndCharacterSet()
    {
        IceCredentials credentials = IceCredentials.Generate();

        Assert.True(credentials.Ufrag.Length >= IceCredentials.MinUfragLength);
        Assert.True(credentials.Password.Length >= IceCredentials.MinPasswordLength);
        Assert.All(credentials.Ufrag, c => Assert.True(IceCredentials.IsIceChar(c)));
        Assert.All(credentials.Password, c => Assert.True(IceCredentials.IsIceChar(c)));
    }

    [Fact]
    public void Generate_DiffersEachTime()
    {
        var passwords = new HashSet<string>();
        for (int i = 0; i < 100; i++)
        {
            passwords.Add(IceCredentials.Generate().Password);
        }

        Assert.Equal(100, passwords.Count);
    }

    [Theory]
    [InlineData("abcd", "0123456789012345678901", true)]
    [InlineData("abc", "0123456789012345678901", false)]
    [InlineData("abcd", "012345678901234567890", false)]
    [InlineData("ab:d", "0123456789012345678901", false)]
    [InlineData("ab+/", "0123456789012345678901", true)]
    [InlineData("abcd", "01234567890123456789 1", false)]
    public void TryCreate_EnforcesIceChars(string ufrag, string password, bool valid)
    {
        Assert.Equal(valid, IceCredentials.TryCreate(ufrag, password, out IceCredentials? credentials));
        Assert.Equal(valid, credentials is not null);
    }
}
