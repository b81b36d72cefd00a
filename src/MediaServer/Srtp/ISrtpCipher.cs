namespace Messenger.MediaServer.Srtp;

/// <summary>
/// The cryptographic transform of one profile, already keyed with the session keys of one master key. It knows the
/// packet layout of its profile but holds no per-stream state: the caller supplies SSRC and index.
/// </summary>
internal interface ISrtpCipher : IDisposable
{
    /// <summary>Encrypts <c>buffer[headerLength..length]</c> in place and writes the tag at <c>buffer[length..]</c>.</summary>
    void ProtectRtp(Span<byte> buffer, int headerLength, int length, uint ssrc, ulong index);

    /// <summary>Verifies the trailing tag of <paramref name="packet"/>, then decrypts its payload in place.</summary>
    bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index);

    /// <summary>Encrypts the RTCP payload after the 8-byte header, writes the E|index word and the tag.</summary>
    void ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index);

    /// <summary>Verifies the tag and, when the E flag of <paramref name="indexWord"/> is set, decrypts in place.</summary>
    bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint indexWord);
}
