namespace Messenger.MediaServer.Srtp;

/// <summary>
/// SRTP/SRTCP for all streams keyed by one master key (RFC 3711, RFC 7714), like a libsrtp session with a wildcard
/// SSRC. A transport holds two: one built from the local master key that it only protects with, one from the remote
/// key that it only unprotects with. Protect and unprotect keep separate per-SSRC state, so never use one key for
/// both directions of the wire.
/// </summary>
/// <remarks>
/// Everything works in place over the caller's buffer and nothing is allocated per packet. Per-SSRC state lives in a
/// fixed-size table per direction; new SSRCs get state only once a packet of theirs authenticates, so forged packets
/// cannot fill the table. Not thread-safe: one transport's send and receive loops each own their context.
/// </remarks>
public sealed partial class SrtpContext : IDisposable
{
    /// <summary>Default limit of SSRCs per direction: plenty for audio, simulcast video, RTX and RTCP-only receivers.</summary>
    public const int DefaultMaxStreams = 64;

    private readonly ISrtpCipher _cipher;
    private readonly int _tagLength;
    private readonly bool _aead;
    private readonly SsrcStateTable<SrtpStreamState> _outbound;
    private readonly SsrcStateTable<SrtpStreamState> _inbound;

    public SrtpContext(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, int maxStreams = DefaultMaxStreams)
        : this(profile, CreateCipher(profile, masterKey, masterSalt), maxStreams)
    {
    }

    public SrtpContext(SrtpMasterKey masterKey, int maxStreams = DefaultMaxStreams)
        : this(masterKey.Profile, masterKey.Key, masterKey.Salt, maxStreams)
    {
    }

    internal SrtpContext(SrtpProfile profile, ISrtpCipher cipher, int maxStreams)
    {
        Profile = profile;
        _cipher = cipher;
        _tagLength = profile.AuthTagLength();
        _aead = profile.IsAead();
        _outbound = new SsrcStateTable<SrtpStreamState>(maxStreams);
        _inbound = new SsrcStateTable<SrtpStreamState>(maxStreams);
    }

    public SrtpProfile Profile { get; }

    /// <summary>Bytes <see cref="ProtectRtp"/> appends; the buffer needs this much room after the packet.</summary>
    public int RtpOverhead => _tagLength;

    /// <summary>Bytes <see cref="ProtectRtcp"/> appends: the E|index word and the tag.</summary>
    public int RtcpOverhead => _tagLength + SrtpPacket.SrtcpIndexLength;

    /// <summary>Forgets everything about an SSRC in both directions (e.g. after RTCP BYE or when a track ends).</summary>
    public bool RemoveStream(uint ssrc)
    {
        bool removedOutbound = _outbound.Remove(ssrc);
        bool removedInbound = _inbound.Remove(ssrc);
        return removedOutbound || removedInbound;
    }

    public void Dispose() => _cipher.Dispose();

    /// <summary>Diagnostics and tests: the highest RTP index protected (outbound) or accepted (inbound) on an SSRC.</summary>
    internal bool TryGetHighestRtpIndex(uint ssrc, bool outbound, out ulong index)
    {
        ref SrtpStreamState state = ref (outbound ? _outbound : _inbound).Find(ssrc, out bool found);
        index = found ? state.Rtp.Highest : 0;
        return found && !state.Rtp.IsEmpty;
    }

    private static ISrtpCipher CreateCipher(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        if (masterKey.Length != profile.MasterKeyLength() || masterSalt.Length != profile.MasterSaltLength())
        {
            ThrowBadKeyLength(profile);
        }

        return profile.IsAead()
            ? AesGcmCipher.FromMasterKey(masterKey, masterSalt)
            : new AesCmHmacSha1Cipher(masterKey, masterSalt);
    }

    private static void ThrowBadKeyLength(SrtpProfile profile) =>
        throw new ArgumentException(
            $"{profile} needs a {profile.MasterKeyLength()}-byte master key and a {profile.MasterSaltLength()}-byte master salt.");
}
