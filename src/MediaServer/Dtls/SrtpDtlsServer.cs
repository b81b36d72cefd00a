using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using TlsCertificateChain = Org.BouncyCastle.Tls.Certificate;

namespace Messenger.MediaServer.Dtls;

/// <summary>
/// BouncyCastle server callbacks for DTLS-SRTP: DTLS 1.2 only, ECDHE-ECDSA AEAD suites, mandatory client
/// certificate checked against the SDP fingerprint, and use_srtp negotiation (RFC 5764 §4.1).
/// </summary>
internal sealed class SrtpDtlsServer : DefaultTlsServer
{
    private readonly DtlsHandshakeState _state;

    public SrtpDtlsServer(TlsCrypto crypto, DtlsHandshakeState state)
        : base(crypto)
    {
        _state = state;
    }

    public override int GetHandshakeTimeoutMillis() => _state.HandshakeTimeoutMillis;

    public override int GetHandshakeResendTimeMillis() => _state.InitialRetransmitMillis;

    // The SRTP keys come from the exporter, which BouncyCastle (rightly, RFC 7627 §5.4) refuses without EMS.
    public override bool RequiresExtendedMasterSecret() => true;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => DtlsHandshakeState.SupportedCipherSuites(Crypto);

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);

        UseSrtpData? offered = clientExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        if (offered is null)
        {
            throw _state.Fail(DtlsFailure.NoSrtpProfile, AlertDescription.handshake_failure,
                "Client did not offer the use_srtp extension");
        }

        // RFC 5764 §4.1.2: the server picks one profile from the client's list; we apply our own preference.
        if (!DtlsSrtpProfile.TrySelect(_state.Profiles, offered.ProtectionProfiles, out ushort selected))
        {
            throw _state.Fail(DtlsFailure.NoSrtpProfile, AlertDescription.handshake_failure,
                "No common SRTP protection profile in use_srtp");
        }

        _state.SetSelectedProfile(selected);
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetServerExtensions());

        // An empty srtp_mki tells the client we will not use MKIs in SRTP packets (RFC 5764 §4.1.1).
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([_state.SelectedProfile], TlsUtilities.EmptyBytes));
        return extensions;
    }

    /// <summary>Always ask for the client's certificate: it is what the browser's SDP fingerprint vouches for.</summary>
    public override CertificateRequest GetCertificateRequest() =>
        new(
            [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign],
            TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context),
            null);

    public override void NotifyClientCertificate(TlsCertificateChain clientCertificate) =>
        _state.VerifyPeerCertificate(clientCertificate);

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() =>
        _state.CreateSigner(m_context, m_context.SecurityParameters.ClientSigAlgs);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        _state.OnAlertReceived(alertLevel, alertDescription);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        _state.ExportKeyingMaterial(m_context);
    }
}
