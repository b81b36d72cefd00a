using Messenger.MediaServer.Srtp;

namespace Messenger.MediaServer.Tests.Srtp;

public sealed class SrtpKeyingMaterialTests
{
    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, 60)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 56)]
    public void ExportLength_IsTwoKeysAndTwoSalts(SrtpProfile profile, int expected) =>
        Assert.Equal(expected, SrtpKeyingMaterial.ExportLength(profile));

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, SrtpRole.Client)]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, SrtpRole.Server)]
    [InlineData(SrtpProfile.AeadAes128Gcm, SrtpRole.Client)]
    [InlineData(SrtpProfile.AeadAes128Gcm, SrtpRole.Server)]
    public void Split_GivesClientHalvesToTheClient(SrtpProfile profile, SrtpRole role)
    {
        int key = profile.MasterKeyLength();
        int salt = profile.MasterSaltLength();
        var material = new byte[SrtpKeyingMaterial.ExportLength(profile)];
        for (int i = 0; i < material.Length; i++)
        {
            material[i] = (byte)i;
        }

        // RFC 5764 §4.2: client_write_key | server_write_key | client_write_salt | server_write_salt.
        byte[] clientKey = material[..key];
        byte[] serverKey = material[key..(2 * key)];
        byte[] clientSalt = material[(2 * key)..((2 * key) + salt)];
        byte[] serverSalt = material[((2 * key) + salt)..];

        SrtpMasterKeyPair pair = SrtpKeyingMaterial.Split(profile, material, role);

        bool client = role == SrtpRole.Client;
        Assert.Equal(client ? clientKey : serverKey, pair.Local.Key.ToArray());
        Assert.Equal(client ? clientSalt : serverSalt, pair.Local.Salt.ToArray());
        Assert.Equal(client ? serverKey : clientKey, pair.Remote.Key.ToArray());
        Assert.Equal(client ? serverSalt : clientSalt, pair.Remote.Salt.ToArray());
        Assert.Equal(profile, pair.Local.Profile);
    }

    [Fact]
    public void Split_ClientLocalKeyProtectsWhatServerRemoteKeyUnprotects()
    {
        var material = new byte[SrtpKeyingMaterial.ExportLength(SrtpProfile.AeadAes128Gcm)];
        new Random(7).NextBytes(material);
        SrtpMasterKeyPair client = SrtpKeyingMaterial.Split(SrtpProfile.AeadAes128Gcm, material, SrtpRole.Client);
        SrtpMasterKeyPair server = SrtpKeyingMaterial.Split(SrtpProfile.AeadAes128Gcm, material, SrtpRole.Server);
        using var clientOut = new SrtpContext(client.Local);
        using var serverIn = new SrtpContext(server.Remote);
        byte[] buffer = SrtpTestData.RtpPacket(0x1234, 10, 100, out int length);
        byte[] original = buffer[..length];

        Assert.Equal(SrtpResult.Ok, clientOut.ProtectRtp(buffer, length, out int protectedLength));
        Assert.Equal(SrtpResult.Ok, serverIn.UnprotectRtp(buffer.AsSpan(0, protectedLength), out int plainLength));
        Assert.Equal(original, buffer[..plainLength]);
    }

    [Fact]
    public void Split_RejectsWrongLength() =>
        Assert.Throws<ArgumentException>(() =>
            SrtpKeyingMaterial.Split(SrtpProfile.Aes128CmHmacSha1_80, new byte[56], SrtpRole.Client));

    [Theory]
    [InlineData(0x0001, true, SrtpProfile.Aes128CmHmacSha1_80)]
    [InlineData(0x0007, true, SrtpProfile.AeadAes128Gcm)]
    [InlineData(0x0002, false, default(SrtpProfile))]
    [InlineData(0x0008, false, default(SrtpProfile))]
    public void TryFromDtlsProfileId_MapsOnlyImplementedProfiles(int id, bool known, SrtpProfile expected)
    {
        Assert.Equal(known, SrtpProfileExtensions.TryFromDtlsProfileId((ushort)id, out SrtpProfile profile));
        Assert.Equal(expected, profile);
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, 16, 14, 10, 20)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 16, 12, 16, 0)]
    public void ProfileLengths(SrtpProfile profile, int key, int salt, int tag, int authKey)
    {
        Assert.Equal(key, profile.MasterKeyLength());
        Assert.Equal(salt, profile.MasterSaltLength());
        Assert.Equal(tag, profile.AuthTagLength());
        Assert.Equal(authKey, profile.SessionAuthKeyLength());
        Assert.Equal(tag + 4, profile.RtcpOverhead());
    }
}
