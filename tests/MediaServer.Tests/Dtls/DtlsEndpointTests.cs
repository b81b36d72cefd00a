using Messenger.MediaServer.Dtls;

namespace Messenger.MediaServer.Tests.Dtls;

public sealed class DtlsEndpointTests
{
    // Generous safety net so a broken build fails instead of hanging; no assertion depends on it.
    private static readonly TimeSpan TestDeadline = TimeSpan.FromSeconds(30);

    private static readonly DtlsCertificate ServerCertificate = DtlsCertificate.Generate("server");
    private static readonly DtlsCertificate ClientCertificate = DtlsCertificate.Generate("client");
    private static readonly DtlsCertificate StrangerCertificate = DtlsCertificate.Generate("stranger");

    private static DtlsOptions Fast(params ushort[] profiles) => new()
    {
        InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100),
        HandshakeTimeout = TimeSpan.FromSeconds(20),
        SrtpProfiles = profiles.Length == 0 ? DtlsSrtpProfile.DefaultPreference.ToArray() : profiles,
    };

    [Fact]
    public async Task Handshake_BothSidesDeriveTheSameGcmKeys()
    {
        using var pair = new EndpointPair();

        (DtlsHandshakeResult server, DtlsHandshakeResult client) = await pair.HandshakeAsync();

        Assert.True(server.Success, server.ToString());
        Assert.True(client.Success, client.ToString());
        Assert.Equal(DtlsRole.Server, server.Role);
        Assert.Equal(DtlsRole.Client, client.Role);
        Assert.Equal(DtlsSrtpProfile.AeadAes128Gcm, server.SrtpProfile);
        Assert.Equal(server.SrtpProfile, client.SrtpProfile);
        Assert.Equal(56, server.KeyingMaterial.Length);
        Assert.Equal(server.KeyingMaterial, client.KeyingMaterial);
        Assert.Contains(server.KeyingMaterial, b => b != 0);
        Assert.Equal(ClientCertificate.Fingerprint, server.PeerFingerprint);
        Assert.Equal(ServerCertificate.Fingerprint, client.PeerFingerprint);
        Assert.Empty(server.Error);
    }

    [Fact]
    public async Task Handshake_SeparateAssociationsGetDifferentKeys()
    {
        using var first = new EndpointPair();
        using var second = new EndpointPair();

        (DtlsHandshakeResult a, _) = await first.HandshakeAsync();
        (DtlsHandshakeResult b, _) = await second.HandshakeAsync();

        Assert.True(a.Success && b.Success);
        Assert.NotEqual(a.KeyingMaterial, b.KeyingMaterial);
    }

    [Theory]
    [InlineData(new ushort[] { 0x0007, 0x0001 }, new ushort[] { 0x0007, 0x0001 }, 0x0007, 56)]
    [InlineData(new ushort[] { 0x0007, 0x0001 }, new ushort[] { 0x0001, 0x0007 }, 0x0007, 56)] // server preference wins
    [InlineData(new ushort[] { 0x0007, 0x0001 }, new ushort[] { 0x0001 }, 0x0001, 60)]
    [InlineData(new ushort[] { 0x0001, 0x0007 }, new ushort[] { 0x0007, 0x0001 }, 0x0001, 60)]
    public async Task Handshake_ServerPicksItsFirstProfileTheClientOffered(
        ushort[] serverProfiles, ushort[] clientProfiles, ushort expected, int keyingLength)
    {
        using var pair = new EndpointPair(serverOptions: Fast(serverProfiles), clientOptions: Fast(clientProfiles));

        (DtlsHandshakeResult server, DtlsHandshakeResult client) = await pair.HandshakeAsync();

        Assert.True(server.Success, server.ToString());
        Assert.True(client.Success, client.ToString());
        Assert.Equal(expected, server.SrtpProfile);
        Assert.Equal(expected, client.SrtpProfile);
        Assert.Equal(keyingLength, client.KeyingMaterial.Length);
        Assert.Equal(server.KeyingMaterial, client.KeyingMaterial);
    }

    [Fact]
    public async Task Handshake_FailsWithoutACommonSrtpProfile()
    {
        using var pair = new EndpointPair(
            serverOptions: Fast(DtlsSrtpProfile.AeadAes128Gcm), clientOptions: Fast(DtlsSrtpProfile.Aes128CmHmacSha1_80));

        (DtlsHandshakeResult server, DtlsHandshakeResult client) = await pair.HandshakeAsync();

        Assert.Equal(DtlsFailure.NoSrtpProfile, server.Failure);
        Assert.Equal(DtlsFailure.PeerAlert, client.Failure);
        Assert.Empty(client.KeyingMaterial);
    }

    [Fact]
    public async Task Handshake_ClientRejectsServerWhoseFingerprintDoesNotMatch()
    {
        using var pair = new EndpointPair(clientExpects: StrangerCertificate.Fingerprint);

        (DtlsHandshakeResult server, DtlsHandshakeResult client) = await pair.HandshakeAsync();

        Assert.Equal(DtlsFailure.FingerprintMismatch, client.Failure);
        Assert.Contains("does not match the SDP fingerprint", client.Error, StringComparison.Ordinal);
        Assert.Contains(ServerCertificate.Fingerprint, client.Error, StringComparison.Ordinal);
        Assert.Empty(client.KeyingMaterial);
        Assert.False(server.Success);
        Assert.Empty(server.KeyingMaterial);
    }

    [Fact]
    public async Task Handshake_ServerRejectsClientWhoseFingerprintDoesNotMatch()
    {
        using var pair = new EndpointPair(serverExpects: StrangerCertificate.Fingerprint);

        (DtlsHandshakeResult server, DtlsHandshakeResult client) = await pair.HandshakeAsync();

        Assert.Equal(DtlsFailure.FingerprintMismatch, server.Failure);
        Assert.Contains(ClientCertificate.Fingerprint, server.Error, StringComparison.Ordinal);
        Assert.Equal(DtlsFailure.PeerAlert, client.Failure);
        Assert.Contains("bad_certificate", client.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.10, 1)]
    [InlineData(0.20, 2)]
    [InlineData(0.30, 3)]
    [InlineData(0.30, 4)]
    public async Task Handshake_CompletesDespiteDatagramLoss(double lossRate, int seed)
    {
        using var pair = new EndpointPair(lossRate: lossRate, seed: seed);

        // On top of the random loss, always lose each side's first datagram so every run exercises retransmission.
        pair.ToServer.Drop = (_, index) => index == 0;
        pair.ToClient.Drop = (_, index) => index == 0;

        (DtlsHandshakeResult server, DtlsHandshakeResult client) = await pair.HandshakeAsync();

        Assert.True(server.Success, server.ToString());
        Assert.True(client.Success, client.ToString());
        Assert.Equal(server.KeyingMaterial, client.KeyingMaterial);
        Assert.True(pair.ToServer.DroppedCount > 0 && pair.ToClient.DroppedCount > 0);
    }

    [Fact]
    public async Task Handshake_ServerAnswersRetransmittedFinalFlightAfterItCompleted()
    {
        using var pair = new EndpointPair();

        // Lose the server's whole final flight (ChangeCipherSpec, then Finished in epoch 1) the first time round:
        // the server has finished by then, so only its post-handshake pump can answer the client's retransmission.
        int lostRecords = 0;
        pair.ToClient.Drop = (datagram, _) =>
        {
            bool finalFlight = datagram[0] == 20 || (datagram.Length > 4 && datagram[3] == 0 && datagram[4] == 1);
            return finalFlight && ++lostRecords <= 2;
        };

        (DtlsHandshakeResult server, DtlsHandshakeResult client) = await pair.HandshakeAsync();

        Assert.True(server.Success, server.ToString());
        Assert.True(client.Success, client.ToString());
        Assert.Equal(server.KeyingMaterial, client.KeyingMaterial);
        Assert.True(lostRecords > 2, "the final flight should have been sent again");
    }

    [Fact]
    public async Task Server_IgnoresGarbageBeforeDuringAndAfterTheHandshake()
    {
        using var pair = new EndpointPair();
        var random = new Random(42);
        foreach (byte[] junk in Garbage(random))
        {
            pair.Server.Enqueue(junk);
        }

        // Garbage interleaved with the real client's datagrams for the whole handshake.
        pair.ToServer.Drop = (_, index) =>
        {
            foreach (byte[] junk in Garbage(new Random(index)))
            {
                pair.Server.Enqueue(junk);
            }

            return false;
        };

        (DtlsHandshakeResult server, DtlsHandshakeResult client) = await pair.HandshakeAsync();
        foreach (byte[] junk in Garbage(random))
        {
            pair.Server.Enqueue(junk);
        }

        Assert.True(server.Success, server.ToString());
        Assert.True(client.Success, client.ToString());
        Assert.Equal(server.KeyingMaterial, client.KeyingMaterial);

        // Still alive afterwards: a graceful close from the client reaches it and is answered.
        pair.Client.Dispose();
        await pair.Server.Closed.WaitAsync(TestDeadline);
        Assert.Equal(0, pair.Server.ApplicationDataDropped);
    }

    [Fact]
    public async Task CloseNotify_FromEitherSideClosesThePeer()
    {
        using var pair = new EndpointPair();
        await pair.HandshakeAsync();

        pair.Server.Dispose();
        await pair.Client.Closed.WaitAsync(TestDeadline);

        Assert.True(pair.Client.Transport.IsClosed);
        Assert.True(pair.Server.Closed.IsCompleted);
    }

    [Fact]
    public async Task Handshake_TimesOutWhenThePeerNeverAnswers()
    {
        var options = new DtlsOptions
        {
            InitialRetransmitTimeout = TimeSpan.FromMilliseconds(50),
            HandshakeTimeout = TimeSpan.FromMilliseconds(300),
        };
        var blackHole = new DatagramWire();
        using var client = new DtlsEndpoint(DtlsRole.Client, ClientCertificate, ServerCertificate.Fingerprint, blackHole, options);

        DtlsHandshakeResult result = await client.StartHandshake().WaitAsync(TestDeadline);

        Assert.Equal(DtlsFailure.Timeout, result.Failure);
        Assert.True(blackHole.SentCount > 1, "the ClientHello should have been retransmitted");
        Assert.True(client.Closed.IsCompleted);
    }

    [Fact]
    public async Task Dispose_AbortsAHandshakeInProgress()
    {
        var silent = new DatagramWire();
        var server = new DtlsEndpoint(DtlsRole.Server, ServerCertificate, ClientCertificate.Fingerprint, silent, Fast());
        Task<DtlsHandshakeResult> completion = server.StartHandshake();

        server.Dispose();
        DtlsHandshakeResult result = await completion.WaitAsync(TestDeadline);

        Assert.Equal(DtlsFailure.Closed, result.Failure);
        Assert.False(result.Success);
        Assert.True(server.Closed.IsCompleted);
    }

    [Fact]
    public void Constructor_RejectsUnknownSrtpProfiles()
    {
        var options = new DtlsOptions { SrtpProfiles = [0x0005] };

        Assert.Throws<ArgumentException>(() =>
            new DtlsEndpoint(DtlsRole.Server, ServerCertificate, ClientCertificate.Fingerprint, new DatagramWire(), options));
    }

    private static IEnumerable<byte[]> Garbage(Random random)
    {
        byte[] noise = new byte[random.Next(1, 300)];
        random.NextBytes(noise);
        yield return noise;

        // Looks like a DTLS 1.2 handshake record but its length field lies.
        yield return [22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 9, 0, 200, 1, 2, 3];

        // Well-formed record header in an epoch nobody uses, with a random body.
        byte[] record = new byte[13 + 40];
        random.NextBytes(record);
        record[0] = 22;
        record[1] = 0xFE;
        record[2] = 0xFD;
        record[3] = 0x12;
        record[11] = 0;
        record[12] = 40;
        yield return record;

        // A stray warning alert (user_canceled) in epoch 0. Unauthenticated epoch-0 records are genuinely accepted
        // by DTLS, so only ICE's 5-tuple check protects against forged fatal ones; a warning must not hurt.
        yield return [21, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 90];
    }

    private sealed class EndpointPair : IDisposable
    {
        public EndpointPair(
            DtlsOptions? serverOptions = null,
            DtlsOptions? clientOptions = null,
            string? serverExpects = null,
            string? clientExpects = null,
            double lossRate = 0,
            int seed = 1)
        {
            ToServer = new DatagramWire(lossRate, seed);
            ToClient = new DatagramWire(lossRate, seed + 1000);
            Server = new DtlsEndpoint(
                DtlsRole.Server, ServerCertificate, serverExpects ?? ClientCertificate.Fingerprint, ToClient, serverOptions ?? Fast());
            Client = new DtlsEndpoint(
                DtlsRole.Client, ClientCertificate, clientExpects ?? ServerCertificate.Fingerprint, ToServer, clientOptions ?? Fast());
            ToServer.Target = Server;
            ToClient.Target = Client;
        }

        public DtlsEndpoint Server { get; }

        public DtlsEndpoint Client { get; }

        public DatagramWire ToServer { get; }

        public DatagramWire ToClient { get; }

        public async Task<(DtlsHandshakeResult Server, DtlsHandshakeResult Client)> HandshakeAsync()
        {
            Task<DtlsHandshakeResult> server = Server.StartHandshake();
            Task<DtlsHandshakeResult> client = Client.StartHandshake();
            await Task.WhenAll(server, client).WaitAsync(TestDeadline);
            return (await server, await client);
        }

        public void Dispose()
        {
            Client.Dispose();
            Server.Dispose();
        }
    }
}
