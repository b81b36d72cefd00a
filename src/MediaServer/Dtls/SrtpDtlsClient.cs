using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace Messenger.MediaServer.Dtls;

/// <summary>
/// BouncyCastle client callbacks for DTLS-SRTP, the mirror of <see cref="SrtpDtlsServer"/>: offers our SRTP
/// profiles, authenticates the server by its SDP fingerprint and presents our certificate when asked.
/// </summary>
internal sealed class SrtpDtlsClient : DefaultTlsClient
{
    private readonly DtlsHandshakeState _state;

    public SrtpDtlsClient(TlsCrypto crypto, DtlsHandshakeState state)
        : base(crypto)
    {
        _state = state;
    }

    public override int GetHandshakeTimeoutMillis() => _state.HandshakeTimeoutMillis;

    public override int GetHandshakeResendTimeMillis() => _state.InitialRetransmitMillis;

    public override bool RequiresExtendedMasterSecret() => true;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => DtlsHandshakeState.SupportedCipherSuites(Crypto);

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());

        ReadOnlySpan<ushort> profiles = _state.Profiles;
        int[] offered = new int[profiles.Length];
        for (int i = 0; i < offered.Length; i++)
        {
            offered[i] = profiles[i];
        }

        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(offered, TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);

        UseSrtpData? chosen = serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        if (chosen is null)
        {
            throw _state.Fail(DtlsFailure.NoSrtpProfile, AlertDescription.handshake_failure,
                "Server did not answer use_srtp");
        }

        // RFC 5764 §4.1.1: the server answers with exactly one profile taken from our offer. We offered no MKI,
        // and our SRTP never carries one, so the server must not introduce one either.
        int[] profiles = chosen.ProtectionProfiles;
        if (profiles.Length != 1 || chosen.Mki.Length != 0 || !IsOffered(profiles[0]))
        {
            throw _state.Fail(DtlsFailure.NoSrtpProfile, AlertDescription.illegal_parameter,
                "Server selected an SRTP profile or MKI we did not offer");
        }

        _state.SetSelectedProfile((ushort)profiles[0]);
    }

    public override TlsAuthentication GetAuthentication() => new FingerprintAuthentication(this);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        _state.OnAlertReceived(alertLevel, alertDescription);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        _state.ExportKeyingMaterial(m_context);
    }

    private bool IsOffered(int profile)
    {
        foreach (ushort offered in _state.Profiles)
        {
            if (offered == profile)
            {
                return true;
            }
        }

        return false;
    }

    private sealed class FingerprintAuthentication(SrtpDtlsClient owner) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            owner._state.VerifyPeerCertificate(serverCertificate.Certificate);

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
            owner._state.CreateSigner(owner.m_context, certificateRequest.SupportedSignatureAlgorithms);
    }
}
