namespace Messenger.MediaServer.Srtp;

/// <summary>One direction's SRTP master key and master salt for a profile, lengths checked.</summary>
public sealed class SrtpMasterKey
{
    private readonly byte[] _key;
    private readonly byte[] _salt;

    public SrtpMasterKey(SrtpProfile profile, ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt)
    {
        if (key.Length != profile.MasterKeyLength() || salt.Length != profile.MasterSaltLength())
        {
            ThrowBadLength(profile);
        }

        Profile = profile;
        _key = key.ToArray();
        _salt = salt.ToArray();
    }

    public SrtpProfile Profile { get; }

    public ReadOnlySpan<byte> Key => _key;

    public ReadOnlySpan<byte> Salt => _salt;

    private static void ThrowBadLength(SrtpProfile profile) =>
        throw new ArgumentException(
            $"{profile} needs a {profile.MasterKeyLength()}-byte master key and a {profile.MasterSaltLength()}-byte master salt.");
}

/// <summary>Our DTLS role in the handshake, which decides which half of the exported keying material is ours.</summary>
public enum SrtpRole : byte
{
    Client,
    Server,
}

/// <summary>The master key we protect with (local) and the one we unprotect with (remote).</summary>
public readonly record struct SrtpMasterKeyPair(SrtpMasterKey Local, SrtpMasterKey Remote);

/// <summary>Splits DTLS-exported keying material into SRTP master keys (RFC 5764 §4.2).</summary>
public static class SrtpKeyingMaterial
{
    /// <summary>The TLS exporter label for DTLS-SRTP (RFC 5764 §4.2), with no context value.</summary>
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    /// <summary>How many bytes to export for <paramref name="profile"/>: two keys and two salts.</summary>
    public static int ExportLength(SrtpProfile profile) => 2 * (profile.MasterKeyLength() + profile.MasterSaltLength());

    /// <summary>
    /// The material is client_write_key | server_write_key | client_write_salt | server_write_salt. The DTLS client
    /// protects with the client halves, the server with the server halves, so each side's local key is the other's
    /// remote key.
    /// </summary>
    public static SrtpMasterKeyPair Split(SrtpProfile profile, ReadOnlySpan<byte> material, SrtpRole localRole)
    {
        int keyLength = profile.MasterKeyLength();
        int saltLength = profile.MasterSaltLength();
        if (material.Length != ExportLength(profile))
        {
            ThrowBadLength(profile);
        }

        ReadOnlySpan<byte> clientKey = material[..keyLength];
        ReadOnlySpan<byte> serverKey = material.Slice(keyLength, keyLength);
        ReadOnlySpan<byte> clientSalt = material.Slice(2 * keyLength, saltLength);
        ReadOnlySpan<byte> serverSalt = material.Slice((2 * keyLength) + saltLength, saltLength);

        var client = new SrtpMasterKey(profile, clientKey, clientSalt);
        var server = new SrtpMasterKey(profile, serverKey, serverSalt);
        return localRole == SrtpRole.Client ? new SrtpMasterKeyPair(client, server) : new SrtpMasterKeyPair(server, client);
    }

    private static void ThrowBadLength(SrtpProfile profile) =>
        throw new ArgumentException($"{profile} needs exactly {ExportLength(profile)} bytes of exported keying material.");
}
