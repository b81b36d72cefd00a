using Messenger.MediaServer.Dtls;

namespace Messenger.MediaServer.Tests.Dtls;

public sealed class DtlsSrtpProfileTests
{
    [Theory]
    [InlineData(DtlsSrtpProfile.Aes128CmHmacSha1_80, 16, 14, 60)]
    [InlineData(DtlsSrtpProfile.Aes128CmHmacSha1_32, 16, 14, 60)]
    [InlineData(DtlsSrtpProfile.AeadAes128Gcm, 16, 12, 56)]
    [InlineData(DtlsSrtpProfile.AeadAes256Gcm, 32, 12, 88)]
    public void KnownProfiles_HaveRfcKeyAndSaltLengths(ushort profile, int key, int salt, int total)
    {
        Assert.True(DtlsSrtpProfile.TryGetLengths(profile, out int keyLength, out int saltLength));
        Assert.Equal(key, keyLength);
        Assert.Equal(salt, saltLength);
        Assert.Equal(total, DtlsSrtpProfile.KeyingMaterialLength(profile));
    }

    [Theory]
    [InlineData((ushort)0x0000)]
    [InlineData((ushort)0x0005)] // NULL cipher: deliberately unsupported
    [InlineData((ushort)0xFFFF)]
    public void UnknownProfiles_HaveNoLengths(ushort profile)
    {
        Assert.False(DtlsSrtpProfile.TryGetLengths(profile, out _, out _));
        Assert.Equal(0, DtlsSrtpProfile.KeyingMaterialLength(profile));
    }

    [Theory]
    [InlineData(new[] { 0x0001, 0x0007 }, 0x0007)] // our preference wins over the client's order
    [InlineData(new[] { 0x0007 }, 0x0007)]
    [InlineData(new[] { 0x0001 }, 0x0001)]
    [InlineData(new[] { 0x0002, 0x0001 }, 0x0001)]
    [InlineData(new[] { 0x0008, 0x0002 }, -1)]
    public void TrySelect_PicksFirstOfOurPreferenceThatWasOffered(int[] offered, int expected)
    {
        bool found = DtlsSrtpProfile.TrySelect(DtlsSrtpProfile.DefaultPreference, offered, out ushort selected);

        Assert.Equal(expected >= 0, found);
        Assert.Equal(expected >= 0 ? expected : 0, selected);
    }
}
