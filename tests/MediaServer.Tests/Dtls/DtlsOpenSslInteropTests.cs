using System.Net;
using System.Security.Cryptography.X509Certificates;
using Messenger.MediaServer.Dtls;

namespace Messenger.MediaServer.Tests.Dtls;

/// <summary>
/// Handshakes against OpenSSL's DTLS 1.2, an independent implementation: it must accept our certificate request,
/// use_srtp answer and signatures, and its RFC 5764 exporter output must equal ours byte for byte.
/// </summary>
public sealed class DtlsOpenSslInteropTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly string _directory = Directory.CreateTempSubdirectory("dtls-openssl-").FullName;
    private readonly DtlsCertificate _ours = DtlsCertificate.Generate("sfu-under-test");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [OpenSslFact]
    public async Task OpenSslClient_HandshakesWithOurServer_AndExportsTheSameKeys()
    {
        string peerFingerprint = await CreateOpenSslCertificateAsync();
        using var udp = new UdpDtlsHarness();
        using var server = new DtlsEndpoint(DtlsRole.Server, _ours, peerFingerprint, udp);
        udp.Start(server);
        Task<DtlsHandshakeResult> handshake = server.StartHandshake();

        using var client = new OpenSslProcess(
            "s_client", "-dtls1_2", "-connect", "127.0.0.1:" + udp.LocalPort,
            "-cert", CertPath, "-key", KeyPath,
            "-use_srtp", "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80",
            "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", "56");

        DtlsHandshakeResult result = await handshake.WaitAsync(Deadline);
        string keyLine = await client.WaitForLineAsync(l => l.Contains("Keying material:", StringComparison.Ordinal)).WaitAsync(Deadline);

        Assert.True(result.Success, result + "\n" + client.Output);
        Assert.Equal(DtlsSrtpProfile.AeadAes128Gcm, result.SrtpProfile);
        Assert.Contains("SRTP Extension negotiated, profile=SRTP_AEAD_AES_128_GCM", client.Output, StringComparison.Ordinal);
        Assert.Equal(HexAfterColon(keyLine), Convert.ToHexString(result.KeyingMaterial));
        Assert.Equal(peerFingerprint, result.PeerFingerprint);

        // stdin EOF makes s_client send close_notify, which must reach and close our endpoint.
        client.CloseInput();
        await server.Closed.WaitAsync(Deadline);
        Assert.True(server.Transport.IsClosed);
    }

    [OpenSslFact]
    public async Task OurClient_HandshakesWithOpenSslServer_OfferingOnlyCm()
    {
        string peerFingerprint = await CreateOpenSslCertificateAsync();
        using var server = new OpenSslProcess(
            "s_server", "-dtls1_2", "-accept", "127.0.0.1:0", "-naccept", "1",
            "-cert", CertPath, "-key", KeyPath, "-Verify", "1",
            "-use_srtp", "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80",
            "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", "60");
        string accept = await server.WaitForLineAsync(l => l.StartsWith("ACCEPT ", StringComparison.Ordinal)).WaitAsync(Deadline);
        var remote = IPEndPoint.Parse(accept["ACCEPT ".Length..].Trim());

        using var udp = new UdpDtlsHarness(remote);
        var options = new DtlsOptions { SrtpProfiles = [DtlsSrtpProfile.Aes128CmHmacSha1_80] };
        using var client = new DtlsEndpoint(DtlsRole.Client, _ours, peerFingerprint, udp, options);
        udp.Start(client);

        DtlsHandshakeResult result = await client.StartHandshake().WaitAsync(Deadline);
        string keyLine = await server.WaitForLineAsync(l => l.Contains("Keying material:", StringComparison.Ordinal)).WaitAsync(Deadline);

        Assert.True(result.Success, result + "\n" + server.Output);
        Assert.Equal(DtlsSrtpProfile.Aes128CmHmacSha1_80, result.SrtpProfile);
        Assert.Equal(60, result.KeyingMaterial.Length);
        Assert.Equal(HexAfterColon(keyLine), Convert.ToHexString(result.KeyingMaterial));
    }

    [OpenSslFact]
    public async Task OpenSslClient_WithAnotherCertificate_IsRejected()
    {
        await CreateOpenSslCertificateAsync();
        using var udp = new UdpDtlsHarness();
        using var server = new DtlsEndpoint(DtlsRole.Server, _ours, DtlsCertificate.Generate().Fingerprint, udp);
        udp.Start(server);
        Task<DtlsHandshakeResult> handshake = server.StartHandshake();

        using var client = new OpenSslProcess(
            "s_client", "-dtls1_2", "-connect", "127.0.0.1:" + udp.LocalPort, "-cert", CertPath, "-key", KeyPath,
            "-use_srtp", "SRTP_AES128_CM_SHA1_80");

        DtlsHandshakeResult result = await handshake.WaitAsync(Deadline);

        Assert.Equal(DtlsFailure.FingerprintMismatch, result.Failure);
        using var timeout = new CancellationTokenSource(Deadline);
        await client.WaitForExitAsync(timeout.Token);
        Assert.Contains("bad certificate", client.Output, StringComparison.OrdinalIgnoreCase);
    }

    private string CertPath => Path.Combine(_directory, "cert.pem");

    private string KeyPath => Path.Combine(_directory, "key.pem");

    private async Task<string> CreateOpenSslCertificateAsync()
    {
        using (var req = new OpenSslProcess(
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", KeyPath, "-out", CertPath, "-subj", "/CN=openssl-peer", "-days", "2"))
        {
            using var timeout = new CancellationTokenSource(Deadline);
            await req.WaitForExitAsync(timeout.Token);
        }

        using X509Certificate2 certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(CertPath));
        return DtlsFingerprint.ComputeSha256(certificate.RawData);
    }

    private static string HexAfterColon(string line) => line[(line.LastIndexOf(':') + 1)..].Trim().ToUpperInvariant();
}
