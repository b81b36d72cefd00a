using System.Collections.Concurrent;
using System.Text;

namespace Messenger.MediaServer.Transport;

/// <summary>
/// Which session a datagram belongs to. Binding requests are found by the local ufrag in USERNAME; every
/// other datagram by the sender's address, which a successful check bound to its session. Lookups come from
/// the receive loop and do not allocate; registration comes from signalling.
/// </summary>
public sealed class TransportRouter
{
    // RFC 8839 §5.4 caps ice-ufrag at 256 characters.
    private const int MaxUfragLength = 256;

    private readonly ConcurrentDictionary<string, ITransportSession> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ITransportSession>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly ConcurrentDictionary<TransportAddress, ITransportSession> _byAddress = new();

    public TransportRouter()
    {
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int BoundAddressCount => _byAddress.Count;

    /// <summary>Makes checks for <paramref name="localUfrag"/> reach <paramref name="session"/>. False if the ufrag is taken.</summary>
    public bool RegisterUfrag(string localUfrag, ITransportSession session)
    {
        ArgumentNullException.ThrowIfNull(localUfrag);
        ArgumentNullException.ThrowIfNull(session);
        return _byUfrag.TryAdd(localUfrag, session);
    }

    /// <summary>After an ICE restart the old ufrag stops routing; addresses already bound stay bound.</summary>
    public bool UnregisterUfrag(string localUfrag) => _byUfrag.TryRemove(localUfrag, out _);

    /// <summary>
    /// Finds the session named by a Binding request's USERNAME, "&lt;our ufrag&gt;:&lt;peer ufrag&gt;"
    /// (RFC 8445 §7.2.2). Only the part before the first colon is looked up.
    /// </summary>
    public bool TryGetByUsername(ReadOnlySpan<byte> username, out ITransportSession session)
    {
        session = null!;
        int colon = username.IndexOf((byte)':');
        ReadOnlySpan<byte> ufrag = colon < 0 ? username : username[..colon];
        if (ufrag.IsEmpty || ufrag.Length > MaxUfragLength)
        {
            return false;
        }

        Span<char> chars = stackalloc char[MaxUfragLength];
        if (Ascii.ToUtf16(ufrag, chars, out int written) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        return _byUfragSpan.TryGetValue(chars[..written], out session!);
    }

    /// <summary>Routes this address's DTLS and media to the session; cheap when already so.</summary>
    public void Bind(TransportAddress remote, ITransportSession session)
    {
        // The indexer would allocate a node even for an unchanged value; checks repeat every few seconds.
        if (_byAddress.TryGetValue(remote, out ITransportSession? current) && ReferenceEquals(current, session))
        {
            return;
        }

        _byAddress[remote] = session;
    }

    public bool TryGetByAddress(TransportAddress remote, out ITransportSession session) =>
        _byAddress.TryGetValue(remote, out session!);

    /// <summary>Forgets every ufrag and address of a closing session. Walks the tables; not for the packet path.</summary>
    public void RemoveSession(ITransportSession session)
    {
        foreach (KeyValuePair<string, ITransportSession> entry in _byUfrag)
        {
            if (ReferenceEquals(entry.Value, session))
            {
                _byUfrag.TryRemove(entry);
            }
        }

        foreach (KeyValuePair<TransportAddress, ITransportSession> entry in _byAddress)
        {
            if (ReferenceEquals(entry.Value, session))
            {
                _byAddress.TryRemove(entry);
            }
        }
    }
}
