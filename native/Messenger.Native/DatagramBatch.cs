using System.Runtime.InteropServices;

namespace Messenger.Native;

/// <summary>
/// Up to <see cref="Capacity"/> UDP datagrams, each with its own destination, sent with one <c>sendmmsg(2)</c>
/// call (Linux ≥ 3.0, glibc ≥ 2.14). A forwarding SFU sends one packet to N subscribers per received packet; the
/// batch pays the syscall entry/exit and the runtime's per-send marshalling once per batch instead of per datagram.
/// Datagrams and addresses are copied into native memory owned by the batch, so nothing is pinned or allocated per
/// send. Not thread-safe: one thread (the transport's receive loop) owns it.
/// </summary>
public sealed unsafe partial class DatagramBatch : IDisposable
{
    /// <summary>Big enough for a sockaddr_in6 (28 bytes).</summary>
    private const int AddressSlotBytes = 32;

    private readonly int _slotBytes;
    private byte* _data;
    private byte* _addresses;
    private Iovec* _iovecs;
    private MmsgHdr* _messages;
    private int _count;

    public DatagramBatch(int capacity = 64, int maxDatagramBytes = 2048)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDatagramBytes, 1);
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("sendmmsg batching needs 64-bit Linux.");
        }

        Capacity = capacity;
        _slotBytes = maxDatagramBytes;
        _data = (byte*)NativeMemory.Alloc((nuint)capacity, (nuint)maxDatagramBytes);
        _addresses = (byte*)NativeMemory.AllocZeroed((nuint)capacity, AddressSlotBytes);
        _iovecs = (Iovec*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(Iovec));
        _messages = (MmsgHdr*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(MmsgHdr));
        for (var i = 0; i < capacity; i++)
        {
            _iovecs[i].Base = _data + ((nint)i * maxDatagramBytes);
            _messages[i].Header.Name = _addresses + (i * AddressSlotBytes);
            _messages[i].Header.Iov = &_iovecs[i];
            _messages[i].Header.IovLength = 1;
        }
    }

    /// <summary>The msghdr layout below is the LP64 one; other platforms use the managed per-datagram path.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && IntPtr.Size == 8;

    public int Capacity { get; }

    public int Count => _count;

    public bool IsFull => _count == Capacity;

    /// <summary>
    /// Queues a copy of <paramref name="datagram"/> for <paramref name="socketAddress"/> (a native sockaddr, e.g.
    /// <c>SocketAddress.Buffer[..Size]</c>). False when the batch is full or the datagram or address doesn't fit.
    /// </summary>
    public bool TryAdd(ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> socketAddress)
    {
        if (_count == Capacity || datagram.Length > _slotBytes || socketAddress.Length > AddressSlotBytes || _data is null)
        {
            return false;
        }

        var index = _count;
        datagram.CopyTo(new Span<byte>(_iovecs[index].Base, _slotBytes));
        socketAddress.CopyTo(new Span<byte>(_messages[index].Header.Name, AddressSlotBytes));
        _iovecs[index].Length = (nuint)datagram.Length;
        _messages[index].Header.NameLength = (uint)socketAddress.Length;
        _count = index + 1;
        return true;
    }

    /// <summary>
    /// Sends everything queued and empties the batch. A datagram the kernel refuses (e.g. no route) is skipped and
    /// counted in <paramref name="failed"/> so the rest still go out. Returns the number sent.
    /// </summary>
    public int Flush(SafeHandle socket, out int failed)
    {
        ArgumentNullException.ThrowIfNull(socket);
        failed = 0;
        var sent = 0;
        var total = _count;
        _count = 0;
        if (total == 0 || _messages is null)
        {
            return 0;
        }

        var added = false;
        try
        {
            socket.DangerousAddRef(ref added);
            var fd = (int)socket.DangerousGetHandle();
            var next = 0;
            while (next < total)
            {
                var result = SendMmsg(fd, _messages + next, (uint)(total - next), 0);
                if (result > 0)
                {
                    sent += result;
                    next += result;
                    continue;
                }

                if (result < 0 && Marshal.GetLastPInvokeError() == Eintr)
                {
                    continue;
                }

                // The first remaining datagram failed (sendmmsg reports an error only when none was sent): skip it.
                failed++;
                next++;
            }
        }
        catch (ObjectDisposedException)
        {
            failed += total - sent;
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }

        return sent;
    }

    public void Dispose()
    {
        _count = 0;
        NativeMemory.Free(_data);
        NativeMemory.Free(_addresses);
        NativeMemory.Free(_iovecs);
        NativeMemory.Free(_messages);
        _data = null;
        _addresses = null;
        _iovecs = null;
        _messages = null;
    }

    private const int Eintr = 4;

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    private static partial int SendMmsg(int fd, MmsgHdr* messages, uint count, int flags);

    // struct iovec and struct mmsghdr { struct msghdr; unsigned int msg_len; } as glibc defines them on LP64.
    [StructLayout(LayoutKind.Sequential)]
    private struct Iovec
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public byte* Name;
        public uint NameLength;
        public Iovec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MmsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }
}
