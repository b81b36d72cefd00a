using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

[assembly: InternalsVisibleTo("Messenger.MediaServer.Tests")]

namespace Messenger.Native;

/// <summary>
/// P/Invoke declarations for Debian's libsrtp 2.5 (<c>libsrtp2.so.1</c>, package libsrtp2-1). The structs mirror
/// <c>/usr/include/srtp2/srtp.h</c> on x86_64 Linux (LP64: <c>unsigned long</c> and pointers are 8 bytes), where
/// gcc reports sizeof(srtp_crypto_policy_t) = 24 and sizeof(srtp_policy_t) = 128.
/// </summary>
internal static unsafe partial class LibSrtp
{
    public const string Library = "libsrtp2.so.1";

    /// <summary>SRTP_AES_ICM_128, SRTP_AES_GCM_128 and SRTP_HMAC_SHA1 from crypto_types.h.</summary>
    public const uint CipherAesIcm128 = 1;
    public const uint CipherAesGcm128 = 6;
    public const uint AuthHmacSha1 = 3;

    /// <summary>srtp_ssrc_type_t: wildcard SSRCs, as one key serves every stream of a direction.</summary>
    public const int SsrcAnyInbound = 2;
    public const int SsrcAnyOutbound = 3;

    [LibraryImport(Library, EntryPoint = "srtp_init")]
    public static partial LibSrtpStatus Init();

    [LibraryImport(Library, EntryPoint = "srtp_create")]
    public static partial LibSrtpStatus Create(out LibSrtpHandle session, SrtpPolicy* policy);

    [LibraryImport(Library, EntryPoint = "srtp_dealloc")]
    public static partial LibSrtpStatus Dealloc(IntPtr session);

    [LibraryImport(Library, EntryPoint = "srtp_protect")]
    public static partial LibSrtpStatus Protect(LibSrtpHandle session, byte* rtpHeader, ref int length);

    [LibraryImport(Library, EntryPoint = "srtp_unprotect")]
    public static partial LibSrtpStatus Unprotect(LibSrtpHandle session, byte* srtpHeader, ref int length);

    [LibraryImport(Library, EntryPoint = "srtp_protect_rtcp")]
    public static partial LibSrtpStatus ProtectRtcp(LibSrtpHandle session, byte* rtcpHeader, ref int length);

    [LibraryImport(Library, EntryPoint = "srtp_unprotect_rtcp")]
    public static partial LibSrtpStatus UnprotectRtcp(LibSrtpHandle session, byte* srtcpHeader, ref int length);

    [LibraryImport(Library, EntryPoint = "srtp_crypto_policy_set_rtp_default")]
    public static partial void SetRtpDefault(SrtpCryptoPolicy* policy);

    [LibraryImport(Library, EntryPoint = "srtp_crypto_policy_set_rtcp_default")]
    public static partial void SetRtcpDefault(SrtpCryptoPolicy* policy);

    [LibraryImport(Library, EntryPoint = "srtp_crypto_policy_set_aes_gcm_128_16_auth")]
    public static partial void SetAesGcm128Auth16(SrtpCryptoPolicy* policy);

    /// <summary>srtp_crypto_policy_t.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SrtpCryptoPolicy
    {
        public uint CipherType;
        public int CipherKeyLength;
        public uint AuthType;
        public int AuthKeyLength;
        public int AuthTagLength;
        public int SecurityServices;
    }

    /// <summary>srtp_ssrc_t.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SrtpSsrc
    {
        public int Type;
        public uint Value;
    }

    /// <summary>srtp_policy_t (offsets: ssrc 0, rtp 8, rtcp 32, key 56, keys 64, ..., next 120).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SrtpPolicy
    {
        public SrtpSsrc Ssrc;
        public SrtpCryptoPolicy Rtp;
        public SrtpCryptoPolicy Rtcp;
        public byte* Key;
        public IntPtr Keys;
        public nuint NumMasterKeys;
        public IntPtr DeprecatedEkt;
        public nuint WindowSize;
        public int AllowRepeatTx;
        public int* EncryptedHeaderExtensionIds;
        public int EncryptedHeaderExtensionCount;
        public IntPtr Next;
    }
}

/// <summary>srtp_err_status_t.</summary>
public enum LibSrtpStatus
{
    Ok = 0,
    Fail = 1,
    BadParam = 2,
    AllocFail = 3,
    DeallocFail = 4,
    InitFail = 5,
    Terminus = 6,
    AuthFail = 7,
    CipherFail = 8,
    ReplayFail = 9,
    ReplayOld = 10,
    AlgoFail = 11,
    NoSuchOp = 12,
    NoCtx = 13,
    CantCheck = 14,
    KeyExpired = 15,
    SocketErr = 16,
    SignalErr = 17,
    NonceBad = 18,
    ReadFail = 19,
    WriteFail = 20,
    ParseErr = 21,
    EncodeErr = 22,
    SemaphoreErr = 23,
    PfkeyErr = 24,
    BadMki = 25,
    PktIdxOld = 26,
    PktIdxAdv = 27,
}

/// <summary>An srtp_t, released with srtp_dealloc.</summary>
internal sealed class LibSrtpHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public LibSrtpHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => LibSrtp.Dealloc(handle) == LibSrtpStatus.Ok;
}
