namespace Messenger.MediaServer.Dtls;

/// <summary>
/// Outcome of one DTLS-SRTP handshake. On success it carries what SRTP needs to derive its contexts:
/// the negotiated protection profile, the exported keying material (RFC 5764 §4.2) and our role, which decides
/// whether we write with the client or the server half of that material.
/// </summary>
public readonly struct DtlsHandshakeResult
{
    private DtlsHandshakeResult(
        DtlsFailure failure, DtlsRole role, ushort profile, byte[]? keyingMaterial, string? peerFingerprint, string? error)
    {
        Failure = failure;
        Role = role;
        SrtpProfile = profile;
        KeyingMaterial = keyingMaterial ?? [];
        PeerFingerprint = peerFingerprint ?? string.Empty;
        Error = error ?? string.Empty;
    }

    public bool Success => Failure == DtlsFailure.None;

    public DtlsFailure Failure { get; }

    public DtlsRole Role { get; }

    /// <summary>Negotiated SRTP protection profile, see <see cref="DtlsSrtpProfile"/>; 0 on failure.</summary>
    public ushort SrtpProfile { get; }

    /// <summary>client_write_key | server_write_key | client_write_salt | server_write_salt; empty on failure.</summary>
    public byte[] KeyingMaterial { get; }

    /// <summary>Fingerprint of the certificate the peer presented, formatted like SDP ("sha-256 AB:CD:...").</summary>
    public string PeerFingerprint { get; }

    /// <summary>Human-readable failure reason; empty on success.</summary>
    public string Error { get; }

    internal static DtlsHandshakeResult Succeeded(DtlsRole role, ushort profile, byte[] keyingMaterial, string peerFingerprint) =>
        new(DtlsFailure.None, role, profile, keyingMaterial, peerFingerprint, null);

    internal static DtlsHandshakeResult Failed(DtlsRole role, DtlsFailure failure, string error) =>
        new(failure, role, 0, null, null, error);

    public override string ToString() =>
        Success
            ? $"DTLS {Role} ok, SRTP profile 0x{SrtpProfile:X4}, peer {PeerFingerprint}"
            : $"DTLS {Role} failed ({Failure}): {Error}";
}
