using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Messenger.MediaServer.Stun;

/// <summary>
/// MESSAGE-INTEGRITY and FINGERPRINT computations shared by the reader and the writer.
/// </summary>
internal static class StunIntegrity
{
    // Typical STUN messages are 100-200 bytes; anything that fits a UDP datagram on an Ethernet path is
    // copied on the stack, the rare bigger one goes through the array pool.
    private const int StackCopyLimit = 1500;

    /// <summary>
    /// RFC 8489 §14.5: HMAC over the message up to the MESSAGE-INTEGRITY attribute, with the header length
    /// rewritten as if MESSAGE-INTEGRITY were the last attribute. The received bytes are read-only, so the
    /// prefix is copied to scratch space to patch the length.
    /// </summary>
    /// <param name="message">The whole message, starting at the STUN header.</param>
    /// <param name="integrityOffset">Offset of the MESSAGE-INTEGRITY attribute header.</param>
    /// <param name="key">For the short-term credential mechanism, the password bytes (RFC 8489 §9.1.1).</param>
    /// <param name="destination">At least 20 bytes.</param>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "RFC 8489 §14.5 mandates HMAC-SHA1 for MESSAGE-INTEGRITY; every WebRTC peer uses it.")]
    [SkipLocalsInit]
    public static void ComputeHmac(ReadOnlySpan<byte> message, int integrityOffset, ReadOnlySpan<byte> key, Span<byte> destination)
    {
        byte[]? rented = null;
        Span<byte> scratch = integrityOffset <= StackCopyLimit
            ? stackalloc byte[StackCopyLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(integrityOffset));
        try
        {
            Span<byte> prefix = scratch[..integrityOffset];
            message[..integrityOffset].CopyTo(prefix);
            int lengthThroughIntegrity = integrityOffset - StunConstants.HeaderLength
                + StunConstants.AttributeHeaderLength + StunConstants.MessageIntegrityLength;
            BinaryPrimitives.WriteUInt16BigEndian(prefix[2..], (ushort)lengthThroughIntegrity);
            HMACSHA1.HashData(key, prefix, destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// RFC 8489 §14.7: CRC-32 over the message up to FINGERPRINT, XOR 0x5354554e. The header length already
    /// counts FINGERPRINT when it is the last attribute, which is the only place it may be.
    /// </summary>
    public static uint ComputeFingerprint(ReadOnlySpan<byte> message, int fingerprintOffset) =>
        StunCrc32.Compute(message[..fingerprintOffset]) ^ StunConstants.FingerprintXor;
}
