using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Messenger.ChatCore.Documents;
using Messenger.Signalling.Tests.Infrastructure;

namespace Messenger.Signalling.Tests.Documents;

/// <summary>
/// The document REST flow on the real host: upload a file, post it as a document, upload a client-made signature
/// (trusted: its certificate is a configured root), co-sign with a server-held key (untrusted: self-signed, not a
/// root), verify on demand, refuse edits of the signed document, and supersede it with version 2. The other member
/// receives each step through the hub.
/// </summary>
public sealed class DocumentFlowTests : IAsyncLifetime
{
    private static readonly byte[] Contract = Encoding.UTF8.GetBytes("%PDF-1.4\nSupply contract, version 1\n");
    private readonly string _rootsFolder = Path.Combine(Path.GetTempPath(), "messenger-tests", "roots-" + Guid.NewGuid().ToString("N"));
    private readonly SigningKeyMaterial _bobDeviceKey =
        SigningKeyFactory.Generate(SignatureAlgorithms.EcdsaP256, "Bob Device", DateTimeOffset.UtcNow);
    private TestHost _host = null!;
    private ChatClient _alice = null!, _bob = null!, _outsider = null!;
    private string _group = "";

    public async Task InitializeAsync()
    {
        // The operator's trusted roots: a folder of PEM files. Bob's device certificate is self-signed and listed there.
        Directory.CreateDirectory(_rootsFolder);
        await File.WriteAllTextAsync(Path.Combine(_rootsFolder, "bob.pem"),
            "-----BEGIN CERTIFICATE-----\n" + Convert.ToBase64String(_bobDeviceKey.Certificate, Base64FormattingOptions.InsertLineBreaks)
            + "\n-----END CERTIFICATE-----\n");
        _host = new TestHost(new Dictionary<string, string?> { ["Messenger:Signatures:TrustedRoots:0"] = _rootsFolder });
        await _host.StartAsync();
        _alice = await ChatClient.ConnectAsync(_host, await _host.SignUpAsync("alice"), start: false);
        _bob = await ChatClient.ConnectAsync(_host, await _host.SignUpAsync("bob"));
        _outsider = await ChatClient.ConnectAsync(_host, await _host.SignUpAsync("outsider"), start: false);
        _group = await _alice.CreateAsync("Deal", "group", _bob.UserId);
    }

    public async Task DisposeAsync()
    {
        await _alice.DisposeAsync();
        await _bob.DisposeAsync();
        await _outsider.DisposeAsync();
        await _host.DisposeAsync();
        Directory.Delete(_rootsFolder, recursive: true);
    }

    private async Task<string> UploadAsync(byte[] bytes)
    {
        using var content = new ByteArrayContent(bytes);
        var response = await _alice.Http.PostAsync("/api/attachments?name=contract.pdf", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task Upload_post_sign_cosign_verify_freeze_and_supersede()
    {
        // Post the document; Bob's device gets it as a message like any other.
        var posted = await JsonAsync(await _alice.Http.PostAsJsonAsync($"/api/conversations/{_group}/documents", new
        {
            clientMessageId = "doc-1", attachmentId = await UploadAsync(Contract), title = "Supply contract",
            description = "Please sign by Friday", signatureRequested = true,
        }), HttpStatusCode.Created);
        Assert.Equal("document", posted.GetProperty("kind").GetString());
        var documentId = posted.GetProperty("document").GetProperty("id").GetString()!;
        var pushed = await _bob.NextUpdateAsync("message.new", d => d.GetProperty("kind").GetString() == "document");
        Assert.Equal(documentId, pushed.GetProperty("data").GetProperty("document").GetProperty("id").GetString());
        Assert.Equal(1, pushed.GetProperty("data").GetProperty("document").GetProperty("version").GetInt32());

        // Bob signs on his device and uploads the .p7s (DER); the server verifies it on arrival.
        using var p7s = new ByteArrayContent(CmsDocumentSigner.Sign(Contract, _bobDeviceKey, DateTimeOffset.UtcNow));
        p7s.Headers.ContentType = new MediaTypeHeaderValue("application/pkcs7-signature");
        var clientSignature = await JsonAsync(await _bob.Http.PostAsync($"/api/documents/{documentId}/signatures", p7s), HttpStatusCode.Created);
        Assert.Equal(("valid", "client", "Bob Device", "ecdsa-p256-sha256"), (clientSignature.GetProperty("status").GetString(),
            clientSignature.GetProperty("source").GetString(), clientSignature.GetProperty("signerName").GetString(),
            clientSignature.GetProperty("algorithm").GetString()));
        var announced = await _bob.NextUpdateAsync("document.updated");
        Assert.Equal("valid", announced.GetProperty("data").GetProperty("document").GetProperty("signatures")[0].GetProperty("status").GetString());

        // Alice co-signs with a GOST key she keeps on the server: sound, but not under a trusted root.
        var key = await JsonAsync(await _alice.Http.PostAsJsonAsync("/api/signing-keys",
            new { algorithm = "gost2012-512", commonName = "Alice Server Key" }), HttpStatusCode.Created);
        Assert.Contains("BEGIN CERTIFICATE", key.GetProperty("certificatePem").GetString(), StringComparison.Ordinal);
        var serverSignature = await JsonAsync(await _alice.Http.PostAsJsonAsync($"/api/documents/{documentId}/sign",
            new { keyId = key.GetProperty("id").GetString() }), HttpStatusCode.Created);
        Assert.Equal(("untrusted", "server", "gost2012-512"), (serverSignature.GetProperty("status").GetString(),
            serverSignature.GetProperty("source").GetString(), serverSignature.GetProperty("algorithm").GetString()));

        // Verify on demand: both signatures, with status and signer for the UI.
        var verified = await JsonAsync(await _bob.Http.PostAsync($"/api/documents/{documentId}/verify", null), HttpStatusCode.OK);
        var signatures = verified.GetProperty("document").GetProperty("signatures");
        Assert.Equal(["valid", "untrusted"], signatures.EnumerateArray().Select(s => s.GetProperty("status").GetString()));
        Assert.Equal(["Bob Device", "Alice Server Key"], signatures.EnumerateArray().Select(s => s.GetProperty("signerName").GetString()));
        var download = await _bob.Http.GetAsync($"/api/documents/{documentId}/signatures/{clientSignature.GetProperty("id").GetString()}");
        Assert.Equal("application/pkcs7-signature", download.Content.Headers.ContentType?.MediaType);

        // Signed: no edits, through either door.
        await ProblemAssert.IsProblemAsync(await _alice.Http.PatchAsJsonAsync($"/api/documents/{documentId}", new { title = "Changed" }),
            HttpStatusCode.Conflict, "title");
        await ProblemAssert.IsProblemAsync(await _alice.Http.PatchAsJsonAsync(
            $"/api/conversations/{_group}/messages/{posted.GetProperty("seq").GetInt64()}", new { text = "Changed" }),
            HttpStatusCode.Conflict, "text");

        // A new version supersedes it.
        var second = await JsonAsync(await _alice.Http.PostAsJsonAsync($"/api/conversations/{_group}/documents", new
        {
            clientMessageId = "doc-2", attachmentId = await UploadAsync(Encoding.UTF8.GetBytes("%PDF-1.4\nSupply contract, version 2\n")),
            title = "Supply contract", supersedes = documentId,
        }), HttpStatusCode.Created);
        Assert.Equal((2, documentId), (second.GetProperty("document").GetProperty("version").GetInt32(),
            second.GetProperty("document").GetProperty("supersedes").GetString()));
        var old = await _bob.GetJsonAsync($"/api/documents/{documentId}");
        Assert.Equal(second.GetProperty("document").GetProperty("id").GetString(), old.GetProperty("document").GetProperty("supersededBy").GetString());
    }

    [Fact]
    public async Task Refusals_are_problems_naming_the_field()
    {
        var posted = await JsonAsync(await _alice.Http.PostAsJsonAsync($"/api/conversations/{_group}/documents",
            new { clientMessageId = "doc-x", attachmentId = await UploadAsync(Contract), title = "Terms" }), HttpStatusCode.Created);
        var documentId = posted.GetProperty("document").GetProperty("id").GetString()!;

        await ProblemAssert.IsProblemAsync(await _alice.Http.PostAsJsonAsync($"/api/conversations/{_group}/documents",
            new { clientMessageId = "doc-y", attachmentId = "nope", title = "Terms" }), HttpStatusCode.NotFound, "attachmentId");
        await ProblemAssert.IsProblemAsync(await _alice.Http.PostAsJsonAsync($"/api/conversations/{_group}/documents",
            new { clientMessageId = "doc-z", attachmentId = "nope", title = " " }), HttpStatusCode.BadRequest, "title");
        await ProblemAssert.IsProblemAsync(await _bob.Http.PostAsJsonAsync($"/api/documents/{documentId}/signatures",
            new { signature = "bm90IGEgc2lnbmF0dXJl" }), HttpStatusCode.BadRequest, "signature");
        var otherBytes = CmsDocumentSigner.Sign(Encoding.UTF8.GetBytes("something else"), _bobDeviceKey, DateTimeOffset.UtcNow);
        await ProblemAssert.IsProblemAsync(await _bob.Http.PostAsJsonAsync($"/api/documents/{documentId}/signatures",
            new { signature = Convert.ToBase64String(otherBytes) }), HttpStatusCode.BadRequest, "signature");
        await ProblemAssert.IsProblemAsync(await _bob.Http.PostAsJsonAsync($"/api/documents/{documentId}/sign", new { keyId = "missing" }),
            HttpStatusCode.NotFound, "keyId");
        await ProblemAssert.IsProblemAsync(await _bob.Http.PostAsJsonAsync("/api/signing-keys", new { algorithm = "rsa-pkcs1", commonName = "x" }),
            HttpStatusCode.BadRequest, "algorithm");
        await ProblemAssert.IsProblemAsync(await _bob.Http.PatchAsJsonAsync($"/api/documents/{documentId}", new { title = "Mine now" }),
            HttpStatusCode.Forbidden, "documentId");
        await ProblemAssert.IsProblemAsync(await _outsider.Http.GetAsync($"/api/documents/{documentId}"), HttpStatusCode.NotFound, "documentId");
        var edited = await JsonAsync(await _alice.Http.PatchAsJsonAsync($"/api/documents/{documentId}", new { title = "Terms v1" }), HttpStatusCode.OK);
        Assert.Equal("Terms v1", edited.GetProperty("document").GetProperty("title").GetString());
    }
}
