using System.Text;
using Messenger.ChatCore.Conversations;
using Messenger.ChatCore.Directory;
using Messenger.ChatCore.Documents;
using Messenger.ChatCore.Messages;
using Messenger.ChatCore.Storage.Sqlite;
using Messenger.ChatCore.Sync;
using Microsoft.Extensions.Logging.Abstractions;
using Org.BouncyCastle.X509;

namespace Messenger.ChatCore.Tests.Documents;

/// <summary>
/// The document services over a real SQLite file: posting goes through the message pipeline, signatures are verified
/// and kept, listeners hear of them after commit, a signed document is frozen and only superseded.
/// </summary>
public sealed class DocumentServiceTests : IAsyncLifetime
{
    private readonly ChatFixture _chat = new();
    private readonly CancellationToken _ct = CancellationToken.None;
    private readonly RecordingListener _listener = new();
    private readonly byte[] _contract = Encoding.UTF8.GetBytes("Contract text v1\n");
    private string _keyFolder = "";
    private string _alice = "";
    private string _bob = "";
    private string _group = "";
    private SigningKeyMaterial _bobKey = null!;
    private DocumentService _documents = null!;
    private DocumentSignatureService _signatures = null!;
    private SigningKeyService _keys = null!;

    public async Task InitializeAsync()
    {
        await _chat.InitializeAsync();
        _alice = await _chat.UserAsync("alice");
        _bob = await _chat.UserAsync("bob");
        _group = (await _chat.Conversations.CreateAsync(_alice, ConversationKind.Group, "Deal", [_bob], _ct)).Value!.Id;
        _bobKey = SigningKeyFactory.Generate(SignatureAlgorithms.Gost2012_256, "Bob Signer", _chat.Clock.GetUtcNow());
        var options = new DocumentOptions();
        var transactions = new ChatTransactions(_chat.Store, _chat.Sink);
        var roots = new TrustedRoots([new X509CertificateParser().ReadCertificate(_bobKey.Certificate)]);
        _keyFolder = Path.Combine(Path.GetTempPath(), "messenger-core-tests", Guid.NewGuid().ToString("N"));
        _keys = new SigningKeyService(new SqliteSigningKeyStore(_chat.Database), SigningKeyVault.LoadOrCreate(_keyFolder), _chat.Clock);
        _documents = new DocumentService(transactions, _chat.Attachments, _chat.Directory, options, _chat.Options, _chat.Clock);
        _signatures = new DocumentSignatureService(transactions, _chat.Attachments, new CmsSignatureVerifier(roots, _chat.Clock), _keys,
            options, _chat.Clock, [_listener], NullLogger<DocumentSignatureService>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _chat.DisposeAsync();
        System.IO.Directory.Delete(_keyFolder, recursive: true);
    }

    private async Task<ChatMessage> PostAsync(string title = "Supply contract", string? supersedes = null, byte[]? bytes = null)
    {
        var file = (await _chat.Attachments.UploadAsync(_alice, new MemoryStream(bytes ?? _contract), "contract.txt", false, _ct)).Value!;
        var posted = await _documents.PostDocumentAsync(_alice, new PostDocument(_group, Guid.NewGuid().ToString("N"), file.Id, title,
            "Please sign", supersedes, SignatureRequested: true), _ct);
        Assert.True(posted.IsSuccess, posted.Error?.Message);
        return posted.Value!.Message;
    }

    [Fact]
    public async Task A_posted_document_reaches_members_as_a_message_with_its_payload()
    {
        var message = await PostAsync();

        Assert.Equal(MessageKind.Document, message.Kind);
        var update = (await _chat.SyncAllAsync(_bob)).Last(u => u.Kind == UpdateKinds.MessageNew);
        var document = update.Data.GetProperty("document");
        Assert.Equal("document", update.Data.GetProperty("kind").GetString());
        Assert.Equal(message.Document!.Id, document.GetProperty("id").GetString());
        Assert.Equal(1, document.GetProperty("version").GetInt32());
        Assert.True(document.GetProperty("signatureRequested").GetBoolean());
        Assert.Equal(_alice, document.GetProperty("requestedBy").GetString());
        Assert.Equal(_contract.Length, document.GetProperty("file").GetProperty("size").GetInt64());
        var history = (await _chat.History.HistoryAsync(_bob, _group, null, null, 10, _ct)).Value!.Items;
        Assert.Equal("Supply contract", history.Single(m => m.Kind == MessageKind.Document).Document!.Title);
    }

    [Fact]
    public async Task A_bot_facing_overload_posts_a_signing_request()
    {
        var file = (await _chat.Attachments.UploadAsync(_bob, new MemoryStream(_contract), "nda.txt", false, _ct)).Value!;

        var posted = await _documents.PostDocumentAsync(_bob, _group, file.Id, "NDA", requestSignature: true, cancellationToken: _ct);

        Assert.True(posted.IsSuccess, posted.Error?.Message);
        Assert.Equal((true, _bob, "NDA"), (posted.Value!.Message.Document!.SignatureRequested, posted.Value.Message.Document.RequestedBy,
            posted.Value.Message.Document.Title));
    }

    [Fact]
    public async Task A_client_signature_is_verified_kept_announced_and_told_to_listeners()
    {
        var message = await PostAsync();
        var cms = CmsDocumentSigner.Sign(_contract, _bobKey, _chat.Clock.GetUtcNow());

        var added = await _signatures.AddClientSignatureAsync(_bob, message.Document!.Id, cms, _ct);

        Assert.True(added.IsSuccess, added.Error?.Message);
        Assert.Equal(SignatureStatus.Valid, added.Value!.Status);
        Assert.Equal("Bob Signer", added.Value.SignerName);
        Assert.Equal(SignatureAlgorithms.Gost2012_256, added.Value.Algorithm);
        var (view, signature) = Assert.Single(_listener.Heard);
        Assert.Equal(added.Value.Id, signature.Id);
        Assert.Single(view.Document.Signatures);
        var update = (await _chat.SyncAllAsync(_alice))[^1];
        Assert.Equal(DocumentUpdateKinds.Updated, update.Kind);
        Assert.Equal("valid", update.Data.GetProperty("document").GetProperty("signatures")[0].GetProperty("status").GetString());
        var download = await _signatures.DownloadAsync(_alice, message.Document.Id, added.Value.Id, _ct);
        Assert.Equal(cms, download.Value);

        var again = await _signatures.AddClientSignatureAsync(_bob, message.Document.Id, cms, _ct);
        Assert.Equal(DirectoryErrorKind.Conflict, again.Error!.Kind);
    }

    [Fact]
    public async Task A_signature_over_other_bytes_is_refused_and_nothing_is_kept()
    {
        var message = await PostAsync();
        var cms = CmsDocumentSigner.Sign(Encoding.UTF8.GetBytes("Contract text v0\n"), _bobKey, _chat.Clock.GetUtcNow());
        var before = await _chat.CountAsync("updates");

        var added = await _signatures.AddClientSignatureAsync(_bob, message.Document!.Id, cms, _ct);

        Assert.Equal("signature", added.Error!.Field);
        Assert.Contains("message digest", added.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await _chat.CountAsync("document_signatures"));
        Assert.Equal(before, await _chat.CountAsync("updates"));
        Assert.Empty(_listener.Heard);
    }

    [Fact]
    public async Task A_signed_document_is_frozen_and_a_new_version_supersedes_it()
    {
        var first = await PostAsync();
        var id = first.Document!.Id;
        var unsignedEdit = await _documents.EditAsync(_alice, id, "Supply contract (final)", null, _ct);
        Assert.True(unsignedEdit.IsSuccess);
        await _signatures.AddClientSignatureAsync(_bob, id, CmsDocumentSigner.Sign(_contract, _bobKey, _chat.Clock.GetUtcNow()), _ct);

        var titleEdit = await _documents.EditAsync(_alice, id, "Changed", null, _ct);
        var descriptionEdit = await _documents.EditAsync(_alice, id, null, "Changed", _ct);
        var messageEdit = await _chat.Actions.EditAsync(_alice, _group, first.Seq, "Changed", _ct);

        Assert.Equal((DirectoryErrorKind.Conflict, "title"), (titleEdit.Error!.Kind, titleEdit.Error.Field));
        Assert.Equal((DirectoryErrorKind.Conflict, "description"), (descriptionEdit.Error!.Kind, descriptionEdit.Error.Field));
        Assert.Equal((DirectoryErrorKind.Conflict, "text"), (messageEdit.Error!.Kind, messageEdit.Error.Field));

        var second = await PostAsync("Supply contract v2", supersedes: id, bytes: Encoding.UTF8.GetBytes("Contract text v2\n"));
        Assert.Equal((2, id), (second.Document!.Version, second.Document.Supersedes));
        var old = (await _documents.GetAsync(_bob, id, _ct)).Value!;
        Assert.Equal(second.Document.Id, old.Document.SupersededBy);
        Assert.Equal("Supply contract (final)", old.Document.Title);

        var third = await _documents.PostDocumentAsync(_alice, new PostDocument(_group, "c3", second.Document.File.Id, "Fork", null, id), _ct);
        Assert.Equal((DirectoryErrorKind.Conflict, "supersedes"), (third.Error!.Kind, third.Error.Field));
        var lateSignature = await _signatures.AddClientSignatureAsync(_bob, id,
            CmsDocumentSigner.Sign(_contract, SigningKeyFactory.Generate(SignatureAlgorithms.EcdsaP256, "Late", _chat.Clock.GetUtcNow()),
                _chat.Clock.GetUtcNow()), _ct);
        Assert.Equal(DirectoryErrorKind.Conflict, lateSignature.Error!.Kind);
    }

    [Fact]
    public async Task A_server_held_key_signs_and_is_sealed_at_rest()
    {
        var message = await PostAsync();
        var key = (await _keys.GenerateAsync(_alice, SignatureAlgorithms.RsaPss, "Alice Server Key", _ct)).Value!;

        var signed = await _signatures.SignWithServerKeyAsync(_alice, message.Document!.Id, key.Id, _ct);
        var foreignKey = await _signatures.SignWithServerKeyAsync(_bob, message.Document.Id, key.Id, _ct);

        Assert.True(signed.IsSuccess, signed.Error?.Message);
        Assert.Equal((SignatureSource.Server, SignatureStatus.Untrusted, "Alice Server Key"),
            (signed.Value!.Source, signed.Value.Status, signed.Value.SignerName));
        Assert.Equal(SignatureAlgorithms.RsaPss, signed.Value.Algorithm);
        Assert.Equal(("keyId", DirectoryErrorKind.NotFound), (foreignKey.Error!.Field, foreignKey.Error.Kind));
        await using var connection = await _chat.Database.OpenAsync(_ct);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sealed_key FROM signing_keys;";
        var sealedKey = (byte[])(await command.ExecuteScalarAsync(_ct))!;
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => System.Security.Cryptography.RSA.Create().ImportPkcs8PrivateKey(sealedKey, out _));
    }

    [Fact]
    public async Task Verify_on_demand_reports_each_cosignature_and_hides_the_document_from_outsiders()
    {
        var message = await PostAsync();
        var stranger = SigningKeyFactory.Generate(SignatureAlgorithms.EcdsaP256, "Stranger", _chat.Clock.GetUtcNow());
        await _signatures.AddClientSignatureAsync(_bob, message.Document!.Id, CmsDocumentSigner.Sign(_contract, _bobKey, _chat.Clock.GetUtcNow()), _ct);
        await _signatures.AddClientSignatureAsync(_alice, message.Document.Id, CmsDocumentSigner.Sign(_contract, stranger, _chat.Clock.GetUtcNow()), _ct);

        var verified = await _signatures.VerifyAsync(_bob, message.Document.Id, _ct);

        Assert.Equal([SignatureStatus.Valid, SignatureStatus.Untrusted], verified.Value!.Document.Signatures.Select(s => s.Status));
        Assert.Equal(DirectoryErrorKind.NotFound, (await _signatures.VerifyAsync(await _chat.UserAsync("eve"), message.Document.Id, _ct)).Error!.Kind);
    }

    private sealed class RecordingListener : IDocumentSignatureListener
    {
        public List<(DocumentView Document, SignatureInfo Signature)> Heard { get; } = [];

        public Task OnSignatureAddedAsync(DocumentView document, SignatureInfo signature, CancellationToken cancellationToken)
        {
            Heard.Add((document, signature));
            return Task.CompletedTask;
        }
    }
}
