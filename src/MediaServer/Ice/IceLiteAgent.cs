using System.Text;
using Messenger.MediaServer.Stun;
using Messenger.MediaServer.Transport;

namespace Messenger.MediaServer.Ice;

/// <summary>
/// The ICE-lite side of one session (RFC 8445 §2.5): it never sends checks, it answers the peer's checks,
/// remembers which remote addresses passed them (valid pairs) and takes the one the peer nominates with
/// USE-CANDIDATE as the address to send to. A lite agent is always controlled (RFC 8445 §6.1.1).
/// Consent freshness (RFC 7675) is judged from the peer's checks: a browser repeats them every few seconds
/// on the selected pair, and 30 s without one means the path is gone.
/// </summary>
/// <remarks>
/// <see cref="HandleBindingRequest(in StunMessage, TransportAddress, Span{byte}, out int)"/> runs on the
/// receive loop; credential changes come from signalling. Credentials are swapped as one immutable object,
/// and the pair table is guarded by a lock that is only contended when signalling reads it.
/// </remarks>
public sealed class IceLiteAgent
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _consentTimeout;
    private readonly Lock _gate = new();
    private readonly ValidPair[] _pairs;
    private readonly long _createdTimestamp;
    private int _pairCount;
    private int _selectedIndex = -1;
    private CredentialState _credentials;

    public IceLiteAgent(TimeProvider timeProvider, IceLiteOptions? options = null, IceCredentials? localCredentials = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        options ??= new IceLiteOptions();
        _time = timeProvider;
        _consentTimeout = options.ConsentTimeout;
        _pairs = new ValidPair[Math.Max(1, options.MaxValidPairs)];
        _createdTimestamp = timeProvider.GetTimestamp();
        _credentials = new CredentialState(localCredentials ?? IceCredentials.Generate(), null);
    }

    public IceCredentials LocalCredentials => Volatile.Read(ref _credentials).Local;

    public string LocalUfrag => LocalCredentials.Ufrag;

    public string LocalPassword => LocalCredentials.Password;

    public IceCredentials? RemoteCredentials => Volatile.Read(ref _credentials).Remote;

    /// <summary>Sets the peer's ufrag/pwd from its SDP. False (and nothing changed) if they break RFC 8839 §5.4.</summary>
    public bool SetRemoteCredentials(string remoteUfrag, string remotePassword)
    {
        if (!IceCredentials.TryCreate(remoteUfrag, remotePassword, out IceCredentials? remote))
        {
            return false;
        }

        Volatile.Write(ref _credentials, new CredentialState(Volatile.Read(ref _credentials).Local, remote));
        return true;
    }

    /// <summary>
    /// ICE restart (RFC 8445 §9): new local credentials and the peer's new ones. The selected pair stays in
    /// use until the peer nominates again. The session must register the new <see cref="LocalUfrag"/> with
    /// the transport router. False (and nothing changed) if the remote credentials are invalid.
    /// </summary>
    public bool Restart(string newRemoteUfrag, string newRemotePassword)
    {
        if (!IceCredentials.TryCreate(newRemoteUfrag, newRemotePassword, out IceCredentials? remote))
        {
            return false;
        }

        Volatile.Write(ref _credentials, new CredentialState(IceCredentials.Generate(), remote));
        return true;
    }

    /// <summary>Parses and answers a datagram; see the other overload.</summary>
    public IceCheckResult HandleBindingRequest(ReadOnlySpan<byte> request, TransportAddress remote, Span<byte> response, out int responseLength)
    {
        responseLength = 0;
        return StunMessage.TryParse(request, out StunMessage message) == StunParseResult.Ok
            ? HandleBindingRequest(message, remote, response, out responseLength)
            : IceCheckResult.Malformed;
    }

    /// <summary>
    /// Checks a binding request as RFC 8445 §7.3 asks of the responding agent and writes the answer into
    /// <paramref name="response"/>. <paramref name="responseLength"/> is 0 when nothing should be sent
    /// (silent drops). Never throws for bad input.
    /// </summary>
    public IceCheckResult HandleBindingRequest(in StunMessage request, TransportAddress remote, Span<byte> response, out int responseLength)
    {
        responseLength = 0;
        if (!request.IsBindingRequest)
        {
            return IceCheckResult.NotBindingRequest;
        }

        StunParseResult fingerprint = request.ValidateFingerprint();
        if (fingerprint != StunParseResult.Ok)
        {
            return fingerprint == StunParseResult.MissingFingerprint ? IceCheckResult.MissingFingerprint : IceCheckResult.BadFingerprint;
        }

        StunTransactionId transactionId = request.TransactionId;
        CredentialState credentials = Volatile.Read(ref _credentials);

        // RFC 8445 §7.2.2 requires USERNAME, MESSAGE-INTEGRITY and PRIORITY on every check.
        if (!request.TryGetUsername(out ReadOnlySpan<byte> username) || !request.HasMessageIntegrity || !request.TryGetPriority(out _))
        {
            responseLength = IceErrorResponses.Write(response, transactionId, IceErrorResponses.BadRequest, default);
            return IceCheckResult.BadRequest;
        }

        if (!credentials.UsernameMatches(username))
        {
            responseLength = IceErrorResponses.Write(response, transactionId, IceErrorResponses.Unauthenticated, default);
            return IceCheckResult.UnknownUsername;
        }

        byte[] key = credentials.Local.PasswordBytes;
        if (request.ValidateMessageIntegrity(key) != StunParseResult.Ok)
        {
            responseLength = IceErrorResponses.Write(response, transactionId, IceErrorResponses.Unauthenticated, default);
            return IceCheckResult.BadIntegrity;
        }

        // RFC 8445 §7.3.1.1: we are controlled; a peer that also says controlled must switch, and a lite
        // agent cannot take the controlling role itself, so it always gets 487.
        if (request.TryGetIceControlled(out _))
        {
            responseLength = IceErrorResponses.Write(response, transactionId, IceErrorResponses.RoleConflict, key);
            return IceCheckResult.RoleConflict;
        }

        var writer = new StunWriter(response, StunMessageType.BindingSuccessResponse, transactionId);
        writer.WriteXorMappedAddress(remote);
        writer.WriteMessageIntegrity(key);
        writer.WriteFingerprint();
        if (!writer.TryGetWritten(out responseLength))
        {
            return IceCheckResult.ResponseBufferTooSmall;
        }

        bool nominate = request.HasUseCandidate;
        RecordValidPair(remote, nominate);
        return nominate ? IceCheckResult.Nominated : IceCheckResult.Accepted;
    }

    /// <summary>The nominated remote address media should be sent to (RFC 8445 §8.1.1), if any.</summary>
    public bool TryGetSelectedRemote(out TransportAddress remote)
    {
        lock (_gate)
        {
            remote = _selectedIndex >= 0 ? _pairs[_selectedIndex].Remote : default;
            return _selectedIndex >= 0;
        }
    }

    /// <summary>True when this address passed a check (a valid pair, RFC 8445 §7.2.5.3.2).</summary>
    public bool IsValidRemote(TransportAddress remote)
    {
        lock (_gate)
        {
            return IndexOf(remote) >= 0;
        }
    }

    /// <summary>
    /// RFC 7675 §5.1: consent is lost when the selected pair saw no valid check for the timeout. Before any
    /// nomination the clock runs from the newest valid check, or from the agent's creation, so a peer that
    /// never completes ICE also times out.
    /// </summary>
    public bool IsConsentExpired()
    {
        long now = _time.GetTimestamp();
        long reference;
        lock (_gate)
        {
            if (_selectedIndex >= 0)
            {
                reference = _pairs[_selectedIndex].LastCheckTimestamp;
            }
            else
            {
                reference = _createdTimestamp;
                for (int i = 0; i < _pairCount; i++)
                {
                    reference = Math.Max(reference, _pairs[i].LastCheckTimestamp);
                }
            }
        }

        return _time.GetElapsedTime(reference, now) >= _consentTimeout;
    }

    private void RecordValidPair(TransportAddress remote, bool nominate)
    {
        long now = _time.GetTimestamp();
        lock (_gate)
        {
            int index = IndexOf(remote);
            if (index < 0)
            {
                index = _pairCount < _pairs.Length ? _pairCount++ : OldestUnselectedIndex();
                if (index == _selectedIndex)
                {
                    _selectedIndex = -1;
                }

                _pairs[index].Remote = remote;
            }

            _pairs[index].LastCheckTimestamp = now;
            if (nominate)
            {
                _selectedIndex = index;
            }
        }
    }

    private int IndexOf(TransportAddress remote)
    {
        for (int i = 0; i < _pairCount; i++)
        {
            if (_pairs[i].Remote == remote)
            {
                return i;
            }
        }

        return -1;
    }

    private int OldestUnselectedIndex()
    {
        int oldest = -1;
        for (int i = 0; i < _pairCount; i++)
        {
            if (i != _selectedIndex && (oldest < 0 || _pairs[i].LastCheckTimestamp < _pairs[oldest].LastCheckTimestamp))
            {
                oldest = i;
            }
        }

        // A table of one slot holding the selected pair: replacing it is the only choice.
        return oldest < 0 ? 0 : oldest;
    }

    private struct ValidPair
    {
        public TransportAddress Remote;
        public long LastCheckTimestamp;
    }

    /// <summary>Immutable so the receive loop sees either the old or the new set, never a mix.</summary>
    private sealed class CredentialState
    {
        private readonly byte[] _expectedUsername;
        private readonly bool _remoteKnown;

        public CredentialState(IceCredentials local, IceCredentials? remote)
        {
            Local = local;
            Remote = remote;
            _remoteKnown = remote is not null;

            // RFC 8445 §7.2.2: the peer sends "<our ufrag>:<its ufrag>". A check may arrive before the peer's
            // SDP does; then only our half can be verified, and MESSAGE-INTEGRITY still proves our password.
            _expectedUsername = Encoding.ASCII.GetBytes(remote is null ? local.Ufrag + ":" : local.Ufrag + ":" + remote.Ufrag);
        }

        public IceCredentials Local { get; }

        public IceCredentials? Remote { get; }

        public bool UsernameMatches(ReadOnlySpan<byte> username) =>
            _remoteKnown
                ? username.SequenceEqual(_expectedUsername)
                : username.Length > _expectedUsername.Length && username.StartsWith(_expectedUsername);
    }
}
