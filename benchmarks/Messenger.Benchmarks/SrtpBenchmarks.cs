using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Messenger.MediaServer.Srtp;
using Messenger.Native;

namespace Messenger.Benchmarks;

/// <summary>
/// Protect then unprotect one 1200-byte RTP packet (a full video packet) per operation, ours against libsrtp2, for
/// both profiles. Every operation writes a fresh sequence number, so the receiver's replay window accepts it and the
/// ROC rolls over every 65,536 operations on both sides; the receiver decrypts exactly what the sender produced, and
/// any failure throws rather than being measured as a fast path.
/// </summary>
[MemoryDiagnoser]
public class SrtpBenchmarks : IDisposable
{
    private const int PacketLength = 1200;
    private const uint Ssrc = 0x1234ABCD;

    private readonly byte[] _buffer = new byte[PacketLength + LibSrtpSession.MaxTrailer];
    private SrtpContext? _ourSender;
    private SrtpContext? _ourReceiver;
    private LibSrtpSession? _theirSender;
    private LibSrtpSession? _theirReceiver;
    private ushort _sequenceNumber;

    public enum Implementation
    {
        Ours,
        LibSrtp,
    }

    [Params(Implementation.Ours, Implementation.LibSrtp)]
    public Implementation Library { get; set; }

    [Params(SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm)]
    public SrtpProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var key = new byte[Profile.MasterKeyLength()];
        var salt = new byte[Profile.MasterSaltLength()];
        new Random(42).NextBytes(key);
        new Random(43).NextBytes(salt);
        if (Library == Implementation.Ours)
        {
            _ourSender = new SrtpContext(Profile, key, salt);
            _ourReceiver = new SrtpContext(Profile, key, salt);
        }
        else
        {
            _theirSender = LibSrtpSession.Create((LibSrtpProfile)Profile, key, salt, outbound: true);
            _theirReceiver = LibSrtpSession.Create((LibSrtpProfile)Profile, key, salt, outbound: false);
        }

        _buffer[0] = 0x80;
        _buffer[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(8), Ssrc);
        for (int i = 12; i < PacketLength; i++)
        {
            _buffer[i] = (byte)i;
        }
    }

    [Benchmark]
    public int ProtectUnprotect()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(2), ++_sequenceNumber);
        int plainLength;
        if (Library == Implementation.Ours)
        {
            if (_ourSender!.ProtectRtp(_buffer, PacketLength, out int protectedLength) != SrtpResult.Ok
                || _ourReceiver!.UnprotectRtp(_buffer.AsSpan(0, protectedLength), out plainLength) != SrtpResult.Ok)
            {
                return ThrowFailed();
            }
        }
        else if (_theirSender!.ProtectRtp(_buffer, PacketLength, out int protectedLength) != LibSrtpStatus.Ok
            || _theirReceiver!.UnprotectRtp(_buffer.AsSpan(0, protectedLength), out plainLength) != LibSrtpStatus.Ok)
        {
            return ThrowFailed();
        }

        return plainLength;
    }

    [GlobalCleanup]
    public void Cleanup() => Dispose();

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ourSender?.Dispose();
            _ourReceiver?.Dispose();
            _theirSender?.Dispose();
            _theirReceiver?.Dispose();
        }
    }

    private static int ThrowFailed() => throw new InvalidOperationException("SRTP round trip failed.");
}
