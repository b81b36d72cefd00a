using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace Messenger.MediaServer.Srtp;

/// <summary>
/// AES in SRTP's segmented integer counter mode (RFC 3711 §4.1.1): keystream block j is AES_k(IV + j), where the IV's
/// low 16 bits are zero so j simply fills them. Used both for AES-CM packet encryption and as the KDF's PRF.
/// </summary>
/// <remarks>
/// The counter blocks are encrypted with an ECB <see cref="ICryptoTransform"/> over two reusable arrays instead of
/// <c>Aes.EncryptEcb</c>: the one-shot span API creates a native cipher context per call and allocates ~64 bytes each
/// time, which would break the zero-allocation packet path. Not thread-safe, like the context that owns it.
/// </remarks>
internal sealed class AesCounterMode : IDisposable
{
    public const int BlockSize = 16;

    // 1 KiB of keystream per ECB call: a typical video packet takes two calls, audio one.
    private const int ChunkBlocks = 64;
    private const int ChunkBytes = ChunkBlocks * BlockSize;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counters = new byte[ChunkBytes];
    private readonly byte[] _keystream = new byte[ChunkBytes];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        byte[] keyCopy = key.ToArray();
        _aes.Key = keyCopy;
        CryptographicOperations.ZeroMemory(keyCopy);
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>XORs the keystream that starts at <paramref name="iv"/> (16 bytes, low 16 bits zero) into data.</summary>
    public void Transform(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        int block = 0;
        while (!data.IsEmpty)
        {
            int chunk = Math.Min(data.Length, ChunkBytes);
            int blocks = (chunk + BlockSize - 1) / BlockSize;
            Span<byte> counters = _counters.AsSpan(0, blocks * BlockSize);
            for (int i = 0; i < blocks; i++)
            {
                Span<byte> counter = counters.Slice(i * BlockSize, BlockSize);
                iv.CopyTo(counter);
                // Packets are far below 2^16 blocks (1 MiB), so the 16-bit block counter never carries.
                BinaryPrimitives.WriteUInt16BigEndian(counter[14..], (ushort)(block + i));
            }

            _ecb.TransformBlock(_counters, 0, blocks * BlockSize, _keystream, 0);
            XorInPlace(data[..chunk], _keystream);
            data = data[chunk..];
            block += blocks;
        }
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_keystream);
    }

    private static void XorInPlace(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        int i = 0;
        for (; i + Vector128<byte>.Count <= data.Length; i += Vector128<byte>.Count)
        {
            Span<byte> target = data.Slice(i, Vector128<byte>.Count);
            (Vector128.Create((ReadOnlySpan<byte>)target) ^ Vector128.Create(keystream.Slice(i, Vector128<byte>.Count)))
                .CopyTo(target);
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }
}
