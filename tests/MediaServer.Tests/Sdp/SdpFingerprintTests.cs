using Messenger.MediaServer.Sdp;

namespace Messenger.MediaServer.Tests.Sdp;

public sealed class SdpFingerprintTests
{
    [Fact]
    public void From_digest_formats_colon_separated_upper_hex()
    {
        var fingerprint = SdpFingerprint.FromDigest("sha-256", [0x0a, 0xff, 0x10]);

        Assert.Equal("sha-256 0A:FF:10", fingerprint.ToString());
        Assert.True(fingerprint.TryGetDigest(out var digest));
        Assert.Equal([0x0a, 0xff, 0x10], digest);
    }

    [Theory]
    [InlineData("SHA-256 ab:cd", "sha-256", "AB:CD")]
    [InlineData("sha-1 00:11:22", "sha-1", "00:11:22")]
    public void Parse_normalises_case(string text, string algorithm, string value)
    {
        Assert.True(SdpFingerprint.TryParse(text, out var fingerprint, out _));
        Assert.Equal(new SdpFingerprint(algorithm, value), fingerprint);
    }

    [Theory]
    [InlineData("sha-256")]
    [InlineData("sha-256 ABCD")]
    [InlineData("sha-256 AB:C")]
    [InlineData("sha-256 AB:CG")]
    [InlineData(" AB:CD")]
    public void Parse_rejects_malformed(string text)
    {
        Assert.False(SdpFingerprint.TryParse(text, out _, out var problem));
        Assert.NotNull(problem);
    }
}
