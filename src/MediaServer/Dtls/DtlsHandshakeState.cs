using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using TlsCertificateChain = Org.BouncyCastle.Tls.Certificate;

namespace Messenger.MediaServer.Dtls;

/// <summary>
/// Everything the BouncyCastle peer callbacks of one handshake share, whichever role we play: our credentials,
/// the fingerprint the peer must match, the SRTP profile choice, and the outcome. The callbacks run on the
/// handshake thread; the endpoint reads the outcome only after the blocking handshake call has returned.
/// </summary>
internal sealed class DtlsHandshakeState
{
    // RFC 8827 §6.5 / RFC 8829: browsers use ECDSA certificates; RFC 7525 §4.2 recommends AEAD suites only.
    private static readonly int[] CipherSuitePreference =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    private readonly DtlsCertificate _certificate;
    private readonly string _expectedPeerFingerprint;
    private readonly ushort[] _profiles;
    private readonly DtlsOptions _options;

    public DtlsHandshakeState(DtlsRole role, DtlsCertificate certificate, string expectedPeerFingerprint, DtlsOptions options)
    {
        Role = role;
        _certificate = certificate;
        _expectedPeerFingerprint = expectedPeerFingerprint;
        _options = options;
        _profiles = [.. options.SrtpProfiles];
    }

    public DtlsRole Role { get; }

    public ushort SelectedProfile { get; private set; }

    public byte[]? KeyingMaterial { get; private set; }

    public string PeerFingerprint { get; private set; } = string.Empty;

    public DtlsFailure Failure { get; private set; }

    public string FailureText { get; private set; } = string.Empty;

    public int HandshakeTimeoutMillis => ToMillis(_options.HandshakeTimeout);

    public int InitialRetransmitMillis => Math.Max(1, ToMillis(_options.InitialRetransmitTimeout));

    public ReadOnlySpan<ushort> Profiles => _profiles;

    public static int[] SupportedCipherSuites(TlsCrypto crypto) => TlsUtilities.GetSupportedCipherSuites(crypto, CipherSuitePreference);

    /// <summary>Records the first failure reason; later ones are consequences of it.</summary>
    public void RecordFailure(DtlsFailure failure, string text)
    {
        if (Failure == DtlsFailure.None)
        {
            Failure = failure;
            FailureText = text;
        }
    }

    /// <summary>Records the failure and returns the alert to throw into BouncyCastle.</summary>
    public TlsFatalAlert Fail(DtlsFailure failure, short alert, string text)
    {
        RecordFailure(failure, text);
        return new TlsFatalAlert(alert, text);
    }

    /// <summary>
    /// WebRTC authenticates the peer by its self-signed certificate's fingerprint from SDP, not by a CA chain
    /// (RFC 8122 §5, RFC 8842 §5.1). Only the end-entity certificate matters.
    /// </summary>
    public void VerifyPeerCertificate(TlsCertificateChain? chain)
    {
        if (chain is null || chain.IsEmpty)
        {
            throw Fail(DtlsFailure.NoPeerCertificate, AlertDescription.handshake_failure,
                "Peer sent no certificate; WebRTC requires mutual DTLS authentication");
        }

        byte[] der = chain.GetCertificateAt(0).GetEncoded();
        PeerFingerprint = DtlsFingerprint.ComputeSha256(der);
        if (!DtlsFingerprint.Matches(der, _expectedPeerFingerprint))
        {
            throw Fail(DtlsFailure.FingerprintMismatch, AlertDescription.bad_certificate,
                "Peer certificate fingerprint " + PeerFingerprint + " does not match the SDP fingerprint " + _expectedPeerFingerprint);
        }
    }

    /// <summary>A fatal alert from the peer ends the handshake; keep its name as the reason.</summary>
    public void OnAlertReceived(short level, short description)
    {
        if (level == AlertLevel.fatal)
        {
            RecordFailure(DtlsFailure.PeerAlert, "Peer sent fatal alert " + AlertDescription.GetText(description));
        }
    }

    public void SetSelectedProfile(ushort profile) => SelectedProfile = profile;

    /// <summary>
    /// Signs with our ECDSA key using a hash the peer listed (TLS 1.2 signature_algorithms, RFC 5246 §7.4.1.4.1).
    /// </summary>
    public TlsCredentialedSigner CreateSigner(TlsContext context, IList<SignatureAndHashAlgorithm>? peerSignatureAlgorithms)
    {
        SignatureAndHashAlgorithm algorithm =
            TlsUtilities.ChooseSignatureAndHashAlgorithm(context, peerSignatureAlgorithms, SignatureAlgorithm.ecdsa)
            ?? throw Fail(DtlsFailure.ProtocolError, AlertDescription.handshake_failure, "Peer accepts no ECDSA signature");

        var crypto = (BcTlsCrypto)context.Crypto;
        return new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(context), crypto, _certificate.PrivateKey, _certificate.ToTlsChain(crypto), algorithm);
    }

    /// <summary>
    /// RFC 5764 §4.2: SRTP keys come from the TLS exporter with label "EXTRACTOR-dtls_srtp", no context, length
    /// 2 * (key + salt) of the negotiated profile. Must run inside NotifyHandshakeComplete: BouncyCastle wipes the
    /// master secret as soon as the handshake call returns.
    /// </summary>
    public void ExportKeyingMaterial(TlsContext context)
    {
        int length = DtlsSrtpProfile.KeyingMaterialLength(SelectedProfile);
        if (length == 0)
        {
            throw Fail(DtlsFailure.NoSrtpProfile, AlertDescription.internal_error, "No SRTP profile was negotiated");
        }

        KeyingMaterial = context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, length);
    }

    public DtlsHandshakeResult ToSuccess() =>
        DtlsHandshakeResult.Succeeded(Role, SelectedProfile, KeyingMaterial!, PeerFingerprint);

    private static int ToMillis(TimeSpan value) =>
        value <= TimeSpan.Zero ? 0 : (int)Math.Min(int.MaxValue, value.TotalMilliseconds);
}
