namespace Messenger.Native;

/// <summary>The two profiles we cross-check against libsrtp; values are the DTLS-SRTP profile ids (RFC 5764, RFC 7714).</summary>
public enum LibSrtpProfile : ushort
{
    Aes128CmHmacSha1_80 = 0x0001,
    AeadAes128Gcm = 0x0007,
}

/// <summary>
/// A libsrtp session for one direction with a wildcard SSRC (any outbound or any inbound), for interop tests and
/// benchmarks. libsrtp writes the tag (and SRTCP index) past the packet without knowing the buffer size, so every
/// protect call checks that <see cref="MaxTrailer"/> bytes are free first.
/// </summary>
public sealed unsafe class LibSrtpSession : IDisposable
{
    /// <summary>Largest trailer libsrtp appends without MKI: a 16-byte tag plus the 4-byte SRTCP index word.</summary>
    public const int MaxTrailer = 20;

    private static readonly LibSrtpStatus InitStatus = LibSrtp.Init();

    private readonly LibSrtpHandle _handle;

    private LibSrtpSession(LibSrtpHandle handle) => _handle = handle;

    /// <summary>
    /// Creates a session from a master key and salt (concatenated as libsrtp expects). <paramref name="outbound"/>
    /// picks ssrc_any_outbound (protect) or ssrc_any_inbound (unprotect). The replay window is 128 packets.
    /// </summary>
    public static LibSrtpSession Create(LibSrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, bool outbound)
    {
        if (InitStatus != LibSrtpStatus.Ok)
        {
            throw new InvalidOperationException($"srtp_init failed: {InitStatus}");
        }

        LibSrtp.SrtpPolicy policy = default;
        switch (profile)
        {
            case LibSrtpProfile.Aes128CmHmacSha1_80:
                LibSrtp.SetRtpDefault(&policy.Rtp);
                LibSrtp.SetRtcpDefault(&policy.Rtcp);
                break;
            case LibSrtpProfile.AeadAes128Gcm:
                LibSrtp.SetAesGcm128Auth16(&policy.Rtp);
                LibSrtp.SetAesGcm128Auth16(&policy.Rtcp);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported profile.");
        }

        Span<byte> keyAndSalt = stackalloc byte[masterKey.Length + masterSalt.Length];
        masterKey.CopyTo(keyAndSalt);
        masterSalt.CopyTo(keyAndSalt[masterKey.Length..]);

        policy.Ssrc.Type = outbound ? LibSrtp.SsrcAnyOutbound : LibSrtp.SsrcAnyInbound;
        policy.WindowSize = 128;
        LibSrtpStatus status;
        LibSrtpHandle handle;
        fixed (byte* key = keyAndSalt)
        {
            // libsrtp derives its session keys inside srtp_create, so the key only has to live for this call.
            policy.Key = key;
            status = LibSrtp.Create(out handle, &policy);
        }

        keyAndSalt.Clear();
        if (status != LibSrtpStatus.Ok)
        {
            handle.Dispose();
            throw new InvalidOperationException($"srtp_create failed: {status}");
        }

        return new LibSrtpSession(handle);
    }

    /// <summary>srtp_protect on <c>buffer[..length]</c>; the buffer needs <see cref="MaxTrailer"/> spare bytes.</summary>
    public LibSrtpStatus ProtectRtp(Span<byte> buffer, int length, out int protectedLength) =>
        Run(buffer, length, rtcp: false, protect: true, out protectedLength);

    /// <summary>srtp_unprotect on the whole <paramref name="packet"/>.</summary>
    public LibSrtpStatus UnprotectRtp(Span<byte> packet, out int plainLength) =>
        Run(packet, packet.Length, rtcp: false, protect: false, out plainLength);

    /// <summary>srtp_protect_rtcp on <c>buffer[..length]</c>; the buffer needs <see cref="MaxTrailer"/> spare bytes.</summary>
    public LibSrtpStatus ProtectRtcp(Span<byte> buffer, int length, out int protectedLength) =>
        Run(buffer, length, rtcp: true, protect: true, out protectedLength);

    /// <summary>srtp_unprotect_rtcp on the whole <paramref name="packet"/>.</summary>
    public LibSrtpStatus UnprotectRtcp(Span<byte> packet, out int plainLength) =>
        Run(packet, packet.Length, rtcp: true, protect: false, out plainLength);

    public void Dispose() => _handle.Dispose();

    private LibSrtpStatus Run(Span<byte> buffer, int length, bool rtcp, bool protect, out int resultLength)
    {
        resultLength = 0;
        if ((uint)length > (uint)buffer.Length || (protect && buffer.Length - length < MaxTrailer))
        {
            return LibSrtpStatus.BadParam;
        }

        int len = length;
        LibSrtpStatus status;
        fixed (byte* packet = buffer)
        {
            status = (rtcp, protect) switch
            {
                (false, true) => LibSrtp.Protect(_handle, packet, ref len),
                (false, false) => LibSrtp.Unprotect(_handle, packet, ref len),
                (true, true) => LibSrtp.ProtectRtcp(_handle, packet, ref len),
                (true, false) => LibSrtp.UnprotectRtcp(_handle, packet, ref len),
            };
        }

        if (status == LibSrtpStatus.Ok)
        {
            resultLength = len;
        }

        return status;
    }
}
