using Messenger.MediaServer.Srtp;
using static Messenger.MediaServer.Tests.Srtp.SrtpTestData;

namespace Messenger.MediaServer.Tests.Srtp;

public sealed class SrtpKeyDerivationTests
{
    // RFC 3711 Appendix B.3.
    private const string MasterKey = "E1F97A0D3E018BE0D64FA32C06DE4139";
    private const string MasterSalt = "0EC675AD498AFEEBB6960B3AABE6";

    [Theory]
    [InlineData(SrtpKdfLabel.RtpEncryption, "C61E7A93744F39EE10734AFE3FF7A087")]
    [InlineData(SrtpKdfLabel.RtpSalt, "30CBBC08863D8C85D49DB34A9AE1")]
    [InlineData(SrtpKdfLabel.RtpAuthentication, "CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4")]
    [InlineData(
        SrtpKdfLabel.RtpAuthentication,
        "CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE E049646C43D9327AD175578EF7227098"
        + "6371C10C9A369AC2F94A8C5FBCDDDC25 6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2")]
    public void Derive_MatchesRfc3711AppendixB3(SrtpKdfLabel label, string expected)
    {
        byte[] want = Hex(expected);
        var output = new byte[want.Length];

        SrtpKeyDerivation.Derive(Hex(MasterKey), Hex(MasterSalt), label, output);

        Assert.Equal(want, output);
    }

    [Theory]
    [InlineData(0x0000, "E03EAD0935C95E80E166B16DD92B4EB4")]
    [InlineData(0x0001, "D23513162B02D0F72A43A2FE4A5F97AB")]
    [InlineData(0x0002, "41E95B3BB0A2E8DD477901E4FCA894C0")]
    [InlineData(0xFEFF, "EC8CDF7398607CB0F2D21675EA9EA1E4")]
    [InlineData(0xFF00, "362B7C3C6773516318A077D7FC5073AE")]
    [InlineData(0xFF01, "6A2CC3787889374FBEB4C81B17BA6C44")]
    public void CounterMode_MatchesRfc3711AppendixB2Keystream(int block, string expected)
    {
        // Session salt F0F1...FD with SSRC 0 and index 0 gives IV F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000.
        using var cipher = new AesCounterMode(Hex("2B7E151628AED2A6ABF7158809CF4F3C"));
        var keystream = new byte[(block + 1) * 16];

        cipher.Transform(Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), keystream);

        Assert.Equal(Hex(expected), keystream[(block * 16)..]);
    }

    [Fact]
    public void Derive_PadsShortGcmSaltWithZeros()
    {
        // RFC 7714 §11: the 96-bit GCM master salt enters the 112-bit PRF input zero-padded on the right.
        byte[] key = Hex(MasterKey);
        byte[] salt12 = Hex(MasterSalt)[..12];
        byte[] salt14 = [.. salt12, 0, 0];
        var fromShort = new byte[12];
        var fromPadded = new byte[12];

        SrtpKeyDerivation.Derive(key, salt12, SrtpKdfLabel.RtpSalt, fromShort);
        SrtpKeyDerivation.Derive(key, salt14, SrtpKdfLabel.RtpSalt, fromPadded);

        Assert.Equal(fromPadded, fromShort);
    }

    [Fact]
    public void Derive_RejectsSaltLongerThan112Bits()
    {
        var output = new byte[16];

        Assert.Throws<ArgumentException>(() =>
            SrtpKeyDerivation.Derive(Hex(MasterKey), new byte[15], SrtpKdfLabel.RtpEncryption, output));
    }
}
